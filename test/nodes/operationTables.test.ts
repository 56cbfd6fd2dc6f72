/**
 * Each resource's Operation parameter offers exactly the operations its table routes to: an option
 * without an operation file would fail at run time, and an operation file without an option would
 * never be reached.
 */
import type { INodeProperties } from 'n8n-workflow';

import * as activity from '../../nodes/WalkMeActivityLog/actions/activity';
import * as endUser from '../../nodes/WalkMeEndUser/actions/endUser';
import * as notification from '../../nodes/WalkMeNotification/actions/notification';
import * as permalink from '../../nodes/WalkMePermalink/actions/permalink';
import * as segment from '../../nodes/WalkMeSegment/actions/segment';
import * as group from '../../nodes/WalkMeUser/actions/group';
import * as user from '../../nodes/WalkMeUser/actions/user';
import * as deepLink from '../../nodes/WalkMeWebchatDeepLink/actions/deepLink';

const resources = { activity, endUser, notification, permalink, segment, group, user, deepLink };

describe('operation tables', () => {
	it.each(Object.entries(resources))(
		'%s: the Operation options are the table keys',
		(_, resource) => {
			const field = resource.description.find(
				(property: INodeProperties) => property.name === 'operation',
			) as INodeProperties;
			const offered = (field.options as Array<{ value: string }>).map((option) => option.value);
			expect(offered.sort()).toEqual(Object.keys(resource.operations).sort());
			expect(offered).toContain(field.default);
		},
	);
});
