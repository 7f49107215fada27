"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button, ErrorMessage, Field, Select } from "@facet/ui";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

const sizes = [1_000, 10_000, 50_000];

/** Creates "Tempo (demo)": a time-management app's customers, in all seven dimensions, with months of events. */
export function CreateDemo() {
  const trpc = useTRPC();
  const router = useRouter();
  const [customers, setCustomers] = useState(1_000);
  const create = useMutation(
    trpc.workspace.createDemo.mutationOptions({
      onSuccess: (ws) => {
        toast.success(`Demo workspace "${ws.name}" created`);
        router.push(`/w/${ws.slug}`);
      },
    }),
  );
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Explore Facet with a realistic workspace: customers of a time-management app (busy professionals, students, freelancers, remote
        workers, parents, small business owners and teams) with attributes in all seven dimensions and six months of events.
      </p>
      <div className="flex items-end gap-3">
        <Field label="Customers">
          {(p) => (
            <Select {...p} value={customers} disabled={create.isPending} onChange={(e) => setCustomers(Number(e.target.value))}>
              {sizes.map((n) => (
                <option key={n} value={n}>
                  {n.toLocaleString()}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Button variant="secondary" pending={create.isPending} onClick={() => create.mutate({ customers })}>
          Create demo workspace
        </Button>
      </div>
      {create.isPending ? (
        <p className="text-sm text-slate-500" role="status">
          Generating customers and events… keep this page open: 1,000 customers take a few seconds, 10,000 about a minute.
        </p>
      ) : null}
      {create.error ? <ErrorMessage>{errorMessage(create.error)}</ErrorMessage> : null}
      <p className="text-xs text-slate-500">
        Up to a million customers: run <code>pnpm seed --customers 1000000</code>.
      </p>
    </div>
  );
}
