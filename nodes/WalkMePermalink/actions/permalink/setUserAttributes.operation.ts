import { userAttributesOperation } from './common';

export const { description, execute } = userAttributesOperation(
	'setUserAttributes',
	"Public attributes for segmentation or personalisation, e.g. the user's home town",
);
