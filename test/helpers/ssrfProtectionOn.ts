/**
 * Imported first by a test file: switches on n8n's SSRF protection with its default block list
 * (loopback and private ranges included), before n8n's outbound HTTP reads its settings.
 */
process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
