import { z } from "zod";

/**
 * The words a person reads when a value doesn't fit, for every check written without its own message.
 * Installed as zod's global error map, so forms in the browser, tRPC, REST and imports all say the same
 * thing ("Use at most 50", not "Too big: expected number to be <=50"). A message written on a schema
 * still wins over these.
 */
export function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "This is required" : expectedType(issue.expected);
    case "too_small":
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive !== false, issue.exact === true);
    case "too_big":
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive !== false, issue.exact === true);
    case "invalid_format":
      return formatMessages[issue.format] ?? "This isn't in the expected format";
    case "invalid_value":
      return issue.values.length === 1
        ? `Use ${show(issue.values[0])}`
        : `Choose one of: ${issue.values.slice(0, 12).map(show).join(", ")}${issue.values.length > 12 ? ", …" : ""}`;
    case "not_multiple_of":
      return `Use a multiple of ${String(issue.divisor)}`;
    case "unrecognized_keys":
      return `Unknown ${issue.keys.length === 1 ? "field" : "fields"}: ${issue.keys.join(", ")}`;
    case "invalid_union":
      return "This doesn't match any of the allowed forms";
    case "invalid_key":
      return "Contains a key that isn't allowed";
    case "invalid_element":
      return "Contains a value that isn't allowed";
    case "custom":
      return "This value isn't valid";
    default:
      return undefined;
  }
}

const expectedTypes: Record<string, string> = {
  string: "Enter text",
  number: "Enter a number",
  int: "Enter a whole number",
  bigint: "Enter a whole number",
  boolean: "Choose yes or no",
  date: "Enter a date",
  array: "Expected a list",
  object: "Expected an object",
  record: "Expected an object",
  tuple: "Expected a list",
};
const expectedType = (expected: string) => expectedTypes[expected] ?? `Expected ${expected}`;

const formatMessages: Record<string, string> = {
  email: "Enter an email address, like name@example.com",
  url: "Enter a full web address, starting with https://",
  date: "Enter a date as YYYY-MM-DD",
  datetime: "Enter a date and time, like 2026-01-31T09:00:00Z",
  time: "Enter a time, like 09:00",
  uuid: "Not a valid id",
  regex: "This isn't in the expected format",
  starts_with: "This doesn't start as expected",
  ends_with: "This doesn't end as expected",
  includes: "This is missing a required part",
};

const show = (v: unknown) => (typeof v === "string" ? `"${v}"` : String(v));
const count = (n: number) => n.toLocaleString("en-US");

function tooSmall(origin: string, min: number, inclusive: boolean, exact: boolean): string {
  switch (origin) {
    case "string":
      if (exact) return `Use exactly ${count(min)} characters`;
      return min <= 1 ? "This can't be empty" : `Use at least ${count(min)} characters`;
    case "array":
    case "set":
      if (exact) return `Give exactly ${count(min)}`;
      return min <= 1 ? "Add at least one" : `Add at least ${count(min)}`;
    case "date":
      return `Use a date on or after ${new Date(min).toISOString().slice(0, 10)}`;
    default:
      return inclusive ? `Use ${count(min)} or more` : `Use more than ${count(min)}`;
  }
}

function tooBig(origin: string, max: number, inclusive: boolean, exact: boolean): string {
  switch (origin) {
    case "string":
      return exact ? `Use exactly ${count(max)} characters` : `Use at most ${count(max)} characters`;
    case "array":
    case "set":
      return exact ? `Give exactly ${count(max)}` : `Use at most ${count(max)}`;
    case "date":
      return `Use a date on or before ${new Date(max).toISOString().slice(0, 10)}`;
    default:
      return inclusive ? `Use ${count(max)} or less` : `Use less than ${count(max)}`;
  }
}

z.config({ customError: friendlyMessage });
