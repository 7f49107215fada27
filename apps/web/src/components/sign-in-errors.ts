import { waitPhrase } from "@facet/validators";

/** The sign-in page's message for each error code the Credentials provider can send. */
export function signInErrorMessage(code: string | undefined | null): string {
  const limited = /^rate_limited_(\d+)$/.exec(code ?? "");
  if (limited) {
    return `Too many sign-in attempts. Try again in ${waitPhrase(Number(limited[1]))}.`;
  }
  if (code === "invalid_credentials" || code === "credentials") return "Email or password is incorrect.";
  return "We couldn't sign you in. Try again in a moment.";
}
