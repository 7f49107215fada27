import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { Providers } from "~/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Facet", template: "%s · Facet" },
  description: "Customer segmentation, personas and campaigns for product and marketing teams.",
};

/**
 * Rendered per request: each response's scripts carry its own CSP nonce (src/proxy.ts), which a page
 * prerendered at build time couldn't have.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
        <Toaster richColors position="top-right" />
      </body>
    </html>
  );
}
