"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Card, ErrorMessage, Field, Input } from "@facet/ui";
import type { PersonaWritten } from "@facet/validators";
import { Avatar } from "~/components/persona/avatar";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

const listFields = [
  ["goals", "Goals"],
  ["needs", "Needs"],
  ["painPoints", "Pain points"],
  ["objections", "Objections"],
  ["channels", "Preferred channels"],
  ["dos", "Messaging do's"],
  ["donts", "Messaging don'ts"],
] as const;
type ListKey = (typeof listFields)[number][0];

const MAX_AVATAR = 150_000;
const textarea =
  "block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";

/** Edits the team's part of a card; lists are one item per line. Saving makes a new version. */
export function PersonaEditor({
  segmentId,
  written,
  version,
  onDone,
}: {
  segmentId: string;
  written: PersonaWritten;
  version: number;
  onDone: () => void;
}) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(written);
  const [lists, setLists] = useState<Record<ListKey, string>>(
    () => Object.fromEntries(listFields.map(([k]) => [k, written[k].join("\n")])) as Record<ListKey, string>,
  );
  const [avatarError, setAvatarError] = useState<string | null>(null);
  const save = useMutation(
    trpc.persona.update.mutationOptions({
      onSuccess: (card) => {
        toast.success(`Saved as version ${card.version}`);
        void queryClient.invalidateQueries({ queryKey: trpc.persona.pathKey() });
        onDone();
      },
    }),
  );
  const set = (patch: Partial<PersonaWritten>) => setDraft({ ...draft, ...patch });
  const upload = (file: File | undefined) => {
    setAvatarError(null);
    if (!file) return;
    if (!/^image\/(png|jpeg|webp)$/.test(file.type)) return setAvatarError("Upload a PNG, JPEG or WebP image.");
    if (file.size > MAX_AVATAR) return setAvatarError(`That image is ${Math.round(file.size / 1000)} kB; use one under 150 kB.`);
    const reader = new FileReader();
    reader.onload = () => set({ avatar: String(reader.result) });
    reader.readAsDataURL(file);
  };
  const submit = () => {
    const toList = (s: string) =>
      s
        .split("\n")
        .map((x) => x.trim())
        .filter(Boolean);
    save.mutate({
      workspaceId: ws.id,
      segmentId,
      baseVersion: version,
      written: { ...draft, ...Object.fromEntries(listFields.map(([k]) => [k, toList(lists[k])])) },
    });
  };
  return (
    <Card>
      <form
        className="space-y-4"
        aria-label="Edit persona"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="flex items-center gap-4">
          <Avatar name={draft.name || "?"} src={draft.avatar || undefined} size={56} />
          <div className="space-y-1 text-sm">
            <label className="block">
              <span className="text-slate-700">Avatar image</span>
              <input
                type="file"
                accept="image/png,image/jpeg,image/webp"
                className="block text-sm"
                onChange={(e) => upload(e.target.files?.[0])}
              />
            </label>
            {draft.avatar ? (
              <button type="button" className="text-indigo-700 hover:underline" onClick={() => set({ avatar: "" })}>
                Use the generated avatar
              </button>
            ) : null}
            {avatarError ? (
              <p role="alert" className="text-red-600">
                {avatarError}
              </p>
            ) : null}
          </div>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Persona name">
            {(f) => <Input {...f} value={draft.name} onChange={(e) => set({ name: e.target.value })} maxLength={80} required />}
          </Field>
          <Field label="One-line summary">
            {(f) => <Input {...f} value={draft.summary} onChange={(e) => set({ summary: e.target.value })} maxLength={200} />}
          </Field>
        </div>
        <Field label="Quote">
          {(f) => (
            <Input
              {...f}
              value={draft.quote}
              onChange={(e) => set({ quote: e.target.value })}
              maxLength={300}
              placeholder="In their words"
            />
          )}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          {listFields.map(([k, label]) => (
            <Field key={k} label={label} hint="One per line.">
              {(f) => (
                <textarea
                  {...f}
                  rows={3}
                  className={textarea}
                  value={lists[k]}
                  onChange={(e) => setLists({ ...lists, [k]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
        <Field label="Notes">
          {(f) => (
            <textarea
              {...f}
              rows={4}
              className={textarea}
              value={draft.notes}
              onChange={(e) => set({ notes: e.target.value })}
              maxLength={5000}
            />
          )}
        </Field>
        {save.error ? <ErrorMessage>{errorMessage(save.error)}</ErrorMessage> : null}
        <div className="flex gap-2">
          <Button type="submit" pending={save.isPending}>
            Save persona
          </Button>
          <Button type="button" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
