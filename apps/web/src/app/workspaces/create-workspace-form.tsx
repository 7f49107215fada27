"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { createWorkspaceInput, slugify, type CreateWorkspaceInput } from "@facet/validators";
import { Button, Field, Input } from "@facet/ui";
import { useTRPC } from "~/trpc/client";
import { errorField, errorMessage } from "~/trpc/errors";

export function CreateWorkspaceForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<CreateWorkspaceInput>({ resolver: zodResolver(createWorkspaceInput), defaultValues: { name: "", slug: "" } });
  const create = useMutation(trpc.workspace.create.mutationOptions());
  const slugTouched = form.formState.dirtyFields.slug;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const ws = await create.mutateAsync(values);
      toast.success(`Workspace "${ws.name}" created`);
      router.push(`/w/${ws.slug}`);
    } catch (e) {
      const field = errorField(e);
      if (field === "slug" || field === "name") form.setError(field, { message: errorMessage(e) });
      else toast.error(errorMessage(e));
    }
  });

  const { errors } = form.formState;
  const name = form.register("name", {
    onChange: (e: { target: { value: string } }) => {
      if (!slugTouched) form.setValue("slug", slugify(e.target.value));
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Field label="Workspace name" error={errors.name?.message}>
        {(p) => <Input {...p} placeholder="Acme Marketing" {...name} />}
      </Field>
      <Field label="URL name" error={errors.slug?.message} hint="Lowercase letters, digits and dashes; used in links.">
        {(p) => <Input {...p} placeholder="acme-marketing" {...form.register("slug")} />}
      </Field>
      <Button type="submit" pending={create.isPending}>
        Create workspace
      </Button>
    </form>
  );
}
