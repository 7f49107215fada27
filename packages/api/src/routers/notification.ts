import { notification } from "@facet/domain";
import { listNotificationsInput, notificationIdInput, workspaceIdInput } from "@facet/validators";
import { router, workspaceProcedure } from "../trpc";

/** The caller's own notifications in a workspace (the bell). */
export const notificationRouter = router({
  list: workspaceProcedure.input(listNotificationsInput).query(({ ctx, input }) => notification.listNotifications(ctx.scope, input)),
  unreadCount: workspaceProcedure.input(workspaceIdInput).query(({ ctx }) => notification.unreadCount(ctx.scope)),
  markRead: workspaceProcedure
    .input(notificationIdInput)
    .mutation(({ ctx, input }) => notification.markRead(ctx.scope, input.notificationId)),
  markAllRead: workspaceProcedure.input(workspaceIdInput).mutation(({ ctx }) => notification.markAllRead(ctx.scope)),
});
