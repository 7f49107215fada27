"use client";
import { Gauge, Megaphone, Settings, Shapes, Sparkles, UserRound, Users } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { cn, Select } from "@facet/ui";
import { roleLabels } from "@facet/validators";
import { NotificationBell } from "./notification-bell";
import { SignOutButton } from "./sign-out-button";
import { useWorkspace, type CurrentWorkspace } from "./workspace-context";

const nav = [
  { href: "", label: "Dashboard", icon: Gauge },
  { href: "/customers", label: "Customers", icon: Users },
  { href: "/segments", label: "Segments", icon: Shapes },
  { href: "/personas", label: "Personas", icon: UserRound },
  { href: "/campaigns", label: "Campaigns", icon: Megaphone },
  { href: "/discover", label: "Discover", icon: Sparkles },
  { href: "/settings", label: "Settings", icon: Settings },
];

export function AppShell({
  workspaces,
  user,
  children,
}: {
  workspaces: CurrentWorkspace[];
  user: { name: string; email: string };
  children: ReactNode;
}) {
  const ws = useWorkspace();
  const pathname = usePathname();
  const router = useRouter();
  const base = `/w/${ws.slug}`;

  return (
    <div className="flex min-h-screen">
      <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white print:hidden">
        <div className="border-b border-slate-200 p-4">
          <div className="flex items-center justify-between">
            <Link href="/workspaces" className="text-lg font-bold tracking-tight text-indigo-700">
              Facet
            </Link>
            <NotificationBell />
          </div>
          <label htmlFor="workspace-switcher" className="mt-3 block text-xs font-medium text-slate-500">
            Workspace
          </label>
          <Select
            id="workspace-switcher"
            className="mt-1"
            value={ws.slug}
            onChange={(e) => (e.target.value === "__new" ? router.push("/workspaces") : router.push(`/w/${e.target.value}`))}
          >
            {workspaces.map((w) => (
              <option key={w.id} value={w.slug}>
                {w.name}
              </option>
            ))}
            <option value="__new">+ New workspace…</option>
          </Select>
        </div>
        <nav aria-label="Main" className="flex-1 p-2">
          <ul className="space-y-1">
            {nav.map((item) => {
              const href = base + item.href;
              const active = item.href === "" ? pathname === base : pathname.startsWith(href);
              return (
                <li key={item.label}>
                  <Link
                    href={href}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium",
                      active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    <item.icon className="h-4 w-4" aria-hidden />
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="border-t border-slate-200 p-4 text-sm">
          <Link href="/account" className="block truncate font-medium hover:underline" title={user.email}>
            {user.name}
          </Link>
          <p className="truncate text-slate-500">
            {user.email} · {roleLabels[ws.role]}
          </p>
          <div className="mt-2 -ml-2.5">
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-8">{children}</main>
    </div>
  );
}
