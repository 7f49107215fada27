"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { signInInput, type SignInInput } from "@facet/validators";
import { Button, Card, ErrorMessage, Field, Input } from "@facet/ui";
import { safeReturnTo } from "~/components/safe-return";
import { signInErrorMessage } from "~/components/sign-in-errors";

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  // Our own links say returnTo; Auth.js's redirects say callbackUrl (an absolute URL).
  const asked = params.get("returnTo") ?? params.get("callbackUrl");
  const returnTo = safeReturnTo(asked);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<SignInInput>({ resolver: zodResolver(signInInput), defaultValues: { email: "", password: "" } });

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      setError(signInErrorMessage(result?.code));
      return;
    }
    router.replace(safeReturnTo(asked, "/", window.location.origin));
    router.refresh();
  });

  const { errors, isSubmitting } = form.formState;
  return (
    <Card>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-5 text-sm text-slate-600">Welcome back to Facet.</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <Field label="Email" error={errors.email?.message}>
          {(p) => <Input {...p} type="email" autoComplete="email" autoFocus {...form.register("email")} />}
        </Field>
        <Field label="Password" error={errors.password?.message}>
          {(p) => <Input {...p} type="password" autoComplete="current-password" {...form.register("password")} />}
        </Field>
        <Button type="submit" pending={isSubmitting} className="w-full">
          Sign in
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-slate-600">
        New to Facet?{" "}
        <Link href={`/sign-up?returnTo=${encodeURIComponent(returnTo)}`} className="font-medium text-indigo-600 hover:underline">
          Create an account
        </Link>
      </p>
    </Card>
  );
}
