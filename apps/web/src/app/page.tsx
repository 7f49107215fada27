import { redirect } from "next/navigation";
import { api, load } from "~/server/caller";

/** Home: your only workspace, or the list to choose from; sign-in when signed out. */
export default async function Home() {
  const caller = await api();
  const workspaces = await load(() => caller.workspace.list());
  if (workspaces.length === 1 && workspaces[0]) redirect(`/w/${workspaces[0].slug}`);
  redirect("/workspaces");
}
