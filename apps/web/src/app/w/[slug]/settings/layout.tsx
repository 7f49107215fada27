import type { ReactNode } from "react";
import { PageHeader } from "@facet/ui";
import { SettingsTabs } from "./settings-tabs";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <PageHeader title="Settings" description="The workspace, its members and what happened in it." />
      <SettingsTabs />
      <div className="mt-6">{children}</div>
    </>
  );
}
