import { z } from "zod";
import { idOf, pageInput } from "./common";

/** The caller's notifications in a workspace, newest first. */
export const listNotificationsInput = pageInput.extend({
  workspaceId: idOf("ws"),
  limit: z.number().int().min(1).max(100).default(20),
  unreadOnly: z.boolean().default(false),
});
export const notificationIdInput = z.object({ workspaceId: idOf("ws"), notificationId: idOf("ntf") });
