import { z } from "zod";
import { idOf } from "./common";

const line = (max: number) => z.string().trim().max(max, `Use at most ${max} characters`);
const items = (label: string) => z.array(line(200)).max(12, `List at most 12 ${label}`);

/** The written part of a persona card: the team's words, versioned. */
export const personaWritten = z.object({
  name: line(80).min(1, "Give the persona a name"),
  /** A data URL of an uploaded image (PNG, JPEG or WebP, at most ~150 kB); empty: an avatar drawn from the name. */
  avatar: z
    .string()
    .max(200_000, "Use an image under 150 kB")
    .regex(/^(data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+)?$/, "Upload a PNG, JPEG or WebP image")
    .default(""),
  summary: line(200).default(""),
  goals: items("goals").default([]),
  needs: items("needs").default([]),
  painPoints: items("pain points").default([]),
  objections: items("objections").default([]),
  channels: items("channels").default([]),
  quote: line(300).default(""),
  dos: items("do's").default([]),
  donts: items("don'ts").default([]),
  notes: line(5000).default(""),
});
export type PersonaWritten = z.infer<typeof personaWritten>;
export type PersonaWrittenInput = z.input<typeof personaWritten>;

export const personaInput = z.object({ workspaceId: idOf("ws"), segmentId: idOf("seg") });
export const updatePersonaInput = personaInput.extend({ written: personaWritten, baseVersion: z.number().int().min(0) });
export const comparePersonasInput = z.object({
  workspaceId: idOf("ws"),
  segmentIds: z.array(idOf("seg")).min(2, "Pick at least two personas").max(4, "Compare at most four personas"),
});
export const personaGalleryInput = z.object({ workspaceId: idOf("ws"), tag: z.string().trim().max(50).optional() });
export const personaShareInput = personaInput;
export const revokePersonaShareInput = z.object({ workspaceId: idOf("ws"), shareId: idOf("per") });
