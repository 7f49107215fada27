"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button, ErrorMessage, Field, Input } from "@facet/ui";
import type { CampaignVariant } from "@facet/validators";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage } from "~/trpc/errors";

const textarea =
  "block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30";

/** The persona card's messaging hints for a segment, beside its variant. */
function PersonaHints({ segmentId }: { segmentId: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const card = useQuery(trpc.persona.card.queryOptions({ workspaceId: ws.id, segmentId }, { staleTime: 60_000 }));
  const w = card.data?.written;
  if (!w) return <p className="text-xs text-slate-500">Loading the persona…</p>;
  const line = (label: string, items: string[]) =>
    items.length ? (
      <p>
        <span className="font-medium">{label}:</span> {items.join("; ")}
      </p>
    ) : null;
  return (
    <aside aria-label={`Persona hints for ${w.name}`} className="space-y-1 rounded-md bg-indigo-50/60 p-3 text-xs text-slate-700">
      <p className="font-semibold text-indigo-900">{w.name}</p>
      {w.quote ? <p className="italic">&ldquo;{w.quote}&rdquo;</p> : null}
      {line("Do", w.dos)}
      {line("Don't", w.donts)}
      {line("Channels", w.channels)}
      {line("Pain points", w.painPoints)}
      {!w.dos.length && !w.donts.length && card.data?.computed.description.text ? <p>{card.data.computed.description.text}</p> : null}
    </aside>
  );
}

/** One message: subject, body, call to action, offer, with placeholders and a preview for a sample member. */
export function VariantEditor({
  title,
  variant,
  onChange,
  readOnly,
}: {
  title: string;
  variant: CampaignVariant;
  onChange: (v: CampaignVariant) => void;
  readOnly?: boolean;
}) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const [previewing, setPreviewing] = useState<CampaignVariant | null>(null);
  const preview = useQuery(
    trpc.campaign.previewMessage.queryOptions(
      { workspaceId: ws.id, variant: previewing ?? variant },
      { enabled: previewing !== null, retry: false },
    ),
  );
  const set = (patch: Partial<CampaignVariant>) => onChange({ ...variant, ...patch });
  return (
    <fieldset className="grid gap-4 rounded-lg border border-slate-200 p-4 lg:grid-cols-[1fr_16rem]" aria-label={`Variant: ${title}`}>
      <div className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">{title}</legend>
        <Field label="Subject or headline">
          {(f) => (
            <Input
              {...f}
              value={variant.subject}
              disabled={readOnly}
              onChange={(e) => set({ subject: e.target.value })}
              placeholder="{{first_name|Hi there}}, …"
            />
          )}
        </Field>
        <Field label="Body">
          {(f) => (
            <textarea
              {...f}
              rows={4}
              className={textarea}
              value={variant.body}
              disabled={readOnly}
              onChange={(e) => set({ body: e.target.value })}
            />
          )}
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Call to action">
            {(f) => <Input {...f} value={variant.cta} disabled={readOnly} onChange={(e) => set({ cta: e.target.value })} />}
          </Field>
          <Field label="Offer">
            {(f) => <Input {...f} value={variant.offer} disabled={readOnly} onChange={(e) => set({ offer: e.target.value })} />}
          </Field>
        </div>
        <div className="flex items-center gap-2">
          <Button variant="secondary" size="sm" onClick={() => setPreviewing({ ...variant })}>
            Preview for a member
          </Button>
          <span className="text-xs text-slate-500">
            Placeholders: <code>{"{{first_name}}"}</code>, any attribute key, with a fallback: <code>{"{{plan|friend}}"}</code>.
          </span>
        </div>
        {previewing && preview.error ? <ErrorMessage>{errorMessage(preview.error)}</ErrorMessage> : null}
        {previewing && preview.data ? (
          <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" data-testid="message-preview">
            <p className="text-xs text-slate-500">
              For {preview.data.customer.name ?? preview.data.customer.email ?? preview.data.customer.id}
            </p>
            <p className="font-semibold">{preview.data.subject}</p>
            <p className="whitespace-pre-line">{preview.data.body}</p>
            {preview.data.cta ? (
              <p className="mt-1 inline-block rounded bg-indigo-600 px-2 py-1 text-xs text-white">{preview.data.cta}</p>
            ) : null}
            {preview.data.offer ? <p className="mt-1 text-xs text-green-700">{preview.data.offer}</p> : null}
          </div>
        ) : null}
        {previewing && preview.isSuccess && !preview.data ? (
          <p className="text-xs text-slate-500">Nobody in this segment to preview with yet.</p>
        ) : null}
      </div>
      {variant.segmentId ? (
        <PersonaHints segmentId={variant.segmentId} />
      ) : (
        <p className="text-xs text-slate-500">Everyone targeted whose segment has no variant of its own gets this one.</p>
      )}
    </fieldset>
  );
}
