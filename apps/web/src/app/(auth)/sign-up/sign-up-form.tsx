"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { signUpInput, type SignUpInput } from "@facet/validators";
import { Button, Card, ErrorMessage, Field, Input } from "@facet/ui";
import { safeReturnTo } from "~/components/safe-return";
import { useTRPC } from "~/trpc/client";
import { errorField, errorMessage } from "~/trpc/errors";

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const returnTo = safeReturnTo(params.get("returnTo"), "/workspaces");
  const [error, setError] = useState<string | null>(null);
  const form = useForm<SignUpInput>({
    resolver: zodResolver(signUpInput),
    defaultValues: { name: "", email: params.get("email") ?? "", password: "" },
  });
  const signUp = useMutation(trpc.account.signUp.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      await signUp.mutateAsync(values);
    } catch (e) {
      const field = errorField(e);
      if (field === "email" || field === "password" || field === "name") form.setError(field, { message: errorMessage(e) });
      else setError(errorMessage(e));
      return;
    }
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (!result || result.error) {
      router.replace("/sign-in");
      return;
    }
    router.replace(returnTo === "/" ? "/workspaces" : returnTo);
    router.refresh();
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <Card>
      <h1 className="mb-1 text-xl font-semibold">Create your account</h1>
      <p className="mb-5 text-sm text-slate-600">Segment your customers and give every segment a face.</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <Field label="Name" error={errors.name?.message}>
          {(p) => <Input {...p} autoComplete="name" autoFocus {...form.register("name")} />}
        </Field>
        <Field label="Email" error={errors.email?.message}>
          {(p) => <Input {...p} type="email" autoComplete="email" {...form.register("email")} />}
        </Field>
        <Field label="Password" error={errors.password?.message} hint="At least 10 characters.">
          {(p) => <Input {...p} type="password" autoComplete="new-password" {...form.register("password")} />}
        </Field>
        <Button type="submit" pending={isSubmitting} className="w-full">
          Create account
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={`/sign-in?returnTo=${encodeURIComponent(returnTo)}`} className="font-medium text-indigo-600 hover:underline">
          Sign in
        </Link>
      </p>
    </Card>
  );
}
