import type { ReactNode } from "react";
import { api, load } from "~/server/caller";
import { WorkspaceProvider } from "~/components/workspace-context";
import { AppShell } from "~/components/app-shell";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const caller = await api();
  const [workspace, workspaces, me] = await load(
    () => Promise.all([caller.workspace.bySlug({ slug }), caller.workspace.list(), caller.account.me()]),
    `/w/${slug}`,
  );
  return (
    <WorkspaceProvider value={{ ...workspace, userId: me.id }}>
      <AppShell workspaces={workspaces} user={me}>
        {children}
      </AppShell>
    </WorkspaceProvider>
  );
}
