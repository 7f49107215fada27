import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { Providers } from "~/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Facet", template: "%s · Facet" },
  description: "Customer segmentation, personas and campaigns for product and marketing teams.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
        <Toaster richColors position="top-right" />
      </body>
    </html>
  );
}
