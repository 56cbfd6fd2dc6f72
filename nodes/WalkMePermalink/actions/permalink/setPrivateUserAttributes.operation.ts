import { userAttributesOperation } from './common';

export const { description, execute } = userAttributesOperation(
	'setPrivateUserAttributes',
	"Private attributes, e.g. the user's first name",
);
