// Percent-encoding per RFC 3986. encodeURIComponent leaves !'()* alone, which RFC 3986 reserves
// as sub-delimiters, so they are encoded too.

function percentEncode(character: string): string {
	return `%${character.charCodeAt(0).toString(16).toUpperCase()}`;
}

/** True when the text can be percent-encoded (it holds no unpaired UTF-16 surrogate). */
export function isEncodableText(text: string): boolean {
	return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** A path segment: everything but unreserved characters (ALPHA DIGIT - . _ ~) is encoded. */
export function encodePathSegment(text: string): string {
	return encodeURIComponent(text).replace(/[!'()*]/g, percentEncode);
}

/**
 * A query key or value. Besides unreserved characters, ":", "/" and "@" stay as they are (RFC 3986
 * allows them in a query, and deep links such as `walkme.testme://samples` read better that way);
 * "&", "=", "+", "?", "#", "%" and everything else are encoded, so a value is always one value.
 */
export function encodeQueryComponent(text: string): string {
	return encodeURIComponent(text)
		.replace(/[!'()*]/g, percentEncode)
		.replace(/%3A/g, ':')
		.replace(/%2F/g, '/')
		.replace(/%40/g, '@');
}

/** Decodes a path segment or query component; "+" is a plus sign, not a space (RFC 3986). */
export function decodeComponent(text: string): string {
	return decodeURIComponent(text);
}
