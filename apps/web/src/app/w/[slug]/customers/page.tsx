import type { Metadata } from "next";
import { Suspense } from "react";
import { CustomerTable } from "./customer-table";

export const metadata: Metadata = { title: "Customers" };

export default function CustomersPage() {
  return (
    <Suspense>
      <CustomerTable />
    </Suspense>
  );
}
