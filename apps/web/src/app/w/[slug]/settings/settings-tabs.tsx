"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";

export function SettingsTabs() {
  const ws = useWorkspace();
  const pathname = usePathname();
  const base = `/w/${ws.slug}/settings`;
  const tabs = [
    { href: base, label: "General" },
    { href: `${base}/members`, label: "Members" },
    { href: `${base}/attributes`, label: "Attributes" },
    ...(ws.can("admin")
      ? [
          { href: `${base}/api-keys`, label: "API keys" },
          { href: `${base}/ingest-log`, label: "Ingest log" },
          { href: `${base}/destinations`, label: "Destinations" },
          { href: `${base}/audit`, label: "Audit log" },
          { href: `${base}/health`, label: "Segment health" },
        ]
      : []),
  ];
  return (
    <nav aria-label="Settings" className="flex gap-1 border-b border-slate-200">
      {tabs.map((t) => {
        const active = pathname === t.href;
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
