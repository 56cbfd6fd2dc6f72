import type { IDataObject } from 'n8n-workflow';

import { normalizeGuid } from '../../shared/guid';

export type NotificationType = 'Push' | 'Popup';

/** The `notification` object of WalkMe's send call; fields the user left empty are absent. */
export interface NotificationBody extends IDataObject {
	systemId?: string;
	templateId: string;
	endUsersIds?: string[];
	audiencesIds?: string[];
	notificationType?: NotificationType;
	title?: string;
	runtimeTitle?: string;
	runtimeDescription?: string;
	startAt?: string;
	endAt?: string;
	override?: Array<{ key: string; value: string }>;
}

/** The 32 hex digits WalkMe's own example sends as `systemId`, from any form of the system GUID. */
export function compactSystemId(value: string): string | null {
	const guid = normalizeGuid(value);
	return guid ? guid.replace(/-/g, '') : null;
}

/** `push`, `Push`, `POPUP`… as WalkMe's example writes them; null for anything else. */
export function notificationType(value: string): NotificationType | null {
	const lower = value.trim().toLowerCase();
	if (lower === 'push') return 'Push';
	if (lower === 'popup') return 'Popup';
	return null;
}

/**
 * A template placeholder as the user may have typed it (`###URL###`, `URL`) becomes the key WalkMe
 * expects (`URL`).
 */
export function overrideKey(typed: string): string {
	return typed.trim().replace(/^#+/, '').replace(/#+$/, '').trim();
}

/** One request of a notification: to one system (none: the key's default) and batch of end users. */
export interface PlannedNotification {
	systemId?: string;
	batch: number;
	batches: number;
	notification: NotificationBody;
}

/**
 * The requests of one notification job: one per system (WalkMe needs a call per Workstation
 * system), and per batch of end users when a batch size is set. Audiences go with the first batch
 * only, so no audience is notified twice.
 */
export function planNotificationRequests(
	base: NotificationBody,
	systemIds: string[],
	endUserIds: string[],
	perRequest: number | undefined,
): PlannedNotification[] {
	const batches: string[][] = [];
	if (endUserIds.length === 0) batches.push([]);
	else if (!perRequest || perRequest >= endUserIds.length) batches.push(endUserIds);
	else
		for (let start = 0; start < endUserIds.length; start += perRequest)
			batches.push(endUserIds.slice(start, start + perRequest));

	const systems: Array<string | undefined> = systemIds.length > 0 ? systemIds : [undefined];
	return systems.flatMap((systemId) =>
		batches.map((users, index) => {
			const notification: NotificationBody = { ...base };
			if (systemId) notification.systemId = systemId;
			if (users.length > 0) notification.endUsersIds = users;
			if (index > 0) delete notification.audiencesIds;
			return {
				systemId,
				batch: index + 1,
				batches: batches.length,
				notification: orderFields(notification),
			};
		}),
	);
}

const FIELD_ORDER = [
	'systemId',
	'templateId',
	'endUsersIds',
	'audiencesIds',
	'notificationType',
	'title',
	'runtimeTitle',
	'runtimeDescription',
	'startAt',
	'endAt',
	'override',
];

/** WalkMe's document order, so what is sent reads like the document's example. */
function orderFields(notification: NotificationBody): NotificationBody {
	const ordered: IDataObject = {};
	for (const key of FIELD_ORDER)
		if (notification[key] !== undefined) ordered[key] = notification[key];
	return ordered as NotificationBody;
}
