// Notifications: what Facet tells a member (under the bell, and by email when SMTP is configured).
export { notify, resolveNotifications, type NotifyDeps, type NotifyInput } from "./notify";
export { segmentRecipients } from "./recipients";
export { listNotifications, markAllRead, markRead, unreadCount, unreadCountCap } from "./inbox";
