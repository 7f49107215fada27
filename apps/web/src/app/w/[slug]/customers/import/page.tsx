import type { Metadata } from "next";
import { UploadStep } from "./upload-step";

export const metadata: Metadata = { title: "Import customers" };

export default function ImportPage() {
  return <UploadStep />;
}
