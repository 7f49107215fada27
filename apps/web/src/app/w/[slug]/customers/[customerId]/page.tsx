import type { Metadata } from "next";
import { CustomerProfile } from "./customer-profile";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ customerId: string }> }) {
  const { customerId } = await params;
  return <CustomerProfile customerId={customerId} />;
}
