"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { Button, Card, Dialog, ErrorMessage, Field, Input } from "@facet/ui";
import { workspaceName, workspaceSlug } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorField, errorMessage } from "~/trpc/errors";

const renameForm = z.object({ name: workspaceName, slug: workspaceSlug });
type RenameForm = z.infer<typeof renameForm>;

export function GeneralSettings() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const canEdit = ws.can("admin");
  const form = useForm<RenameForm>({ resolver: zodResolver(renameForm), defaultValues: { name: ws.name, slug: ws.slug } });
  const update = useMutation(trpc.workspace.update.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const saved = await update.mutateAsync({ workspaceId: ws.id, ...values });
      toast.success("Workspace saved");
      form.reset(values);
      if (saved.slug !== ws.slug) router.replace(`/w/${saved.slug}/settings`);
      router.refresh();
    } catch (e) {
      const field = errorField(e);
      if (field === "name" || field === "slug") form.setError(field, { message: errorMessage(e) });
      else toast.error(errorMessage(e));
    }
  });
  const { errors, isDirty } = form.formState;

  return (
    <div className="max-w-xl space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Workspace</h2>
        {!canEdit ? <p className="mt-1 text-sm text-slate-600">Only admins and owners can change these.</p> : null}
        <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4">
          <fieldset disabled={!canEdit} className="space-y-4">
            <Field label="Name" error={errors.name?.message}>
              {(p) => <Input {...p} {...form.register("name")} />}
            </Field>
            <Field label="URL name" error={errors.slug?.message} hint={`Links look like /w/${form.watch("slug") || "…"}`}>
              {(p) => <Input {...p} {...form.register("slug")} />}
            </Field>
          </fieldset>
          {canEdit ? (
            <Button type="submit" pending={update.isPending} disabled={!isDirty}>
              Save changes
            </Button>
          ) : null}
        </form>
      </Card>
      {ws.can("owner") ? <DeleteWorkspace /> : null}
    </div>
  );
}

function DeleteWorkspace() {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = useMutation(
    trpc.workspace.delete.mutationOptions({
      onSuccess: () => {
        toast.success(`Workspace "${ws.name}" deleted`);
        window.location.assign("/workspaces");
      },
    }),
  );
  return (
    <Card className="border-red-200">
      <h2 className="text-lg font-semibold text-red-700">Delete workspace</h2>
      <p className="mt-1 text-sm text-slate-600">Deletes the workspace and everything in it for every member. This can&apos;t be undone.</p>
      <Button variant="danger" className="mt-4" onClick={() => setOpen(true)}>
        Delete workspace…
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Delete ${ws.name}?`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate({ workspaceId: ws.id, confirmSlug: typed });
          }}
          className="space-y-4"
        >
          <p className="text-sm text-slate-600">
            Type <strong>{ws.slug}</strong> to confirm.
          </p>
          {remove.error ? <ErrorMessage>{errorMessage(remove.error)}</ErrorMessage> : null}
          <Field label="Workspace URL name">
            {(p) => <Input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />}
          </Field>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={typed.trim() !== ws.slug} pending={remove.isPending}>
              Delete forever
            </Button>
          </div>
        </form>
      </Dialog>
    </Card>
  );
}
