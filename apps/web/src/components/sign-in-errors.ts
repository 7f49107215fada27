/** The sign-in page's message for each error code the Credentials provider can send. */
export function signInErrorMessage(code: string | undefined | null): string {
  const limited = /^rate_limited_(\d+)$/.exec(code ?? "");
  if (limited) {
    const m = Number(limited[1]);
    return `Too many failed sign-in attempts. Try again in ${m} minute${m === 1 ? "" : "s"}.`;
  }
  if (code === "invalid_credentials" || code === "credentials") return "Email or password is incorrect.";
  return "We couldn't sign you in. Try again in a moment.";
}
