/** A plausible email: something@domain.tld, no spaces. */
export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "17850.0" (ids written by spreadsheets and Spark) -> "17850" */
export const normalizeExternalId = (s: string) => s.trim().replace(/^(\d+)\.0+$/, "$1");
