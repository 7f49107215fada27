"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button, Card, ErrorMessage, Field, Input, Select, Spinner } from "@facet/ui";
import { campaignChannelLabels, campaignChannels, type CampaignVariant } from "@facet/validators";
import { plural } from "~/components/format";
import { useDebounced } from "~/components/use-debounced";
import { ViewerLock } from "~/components/viewer-lock";
import { useWorkspace } from "~/components/workspace-context";
import { useTRPC } from "~/trpc/client";
import { errorMessage, fieldError, formError } from "~/trpc/errors";
import { VariantEditor } from "./variant-editor";

type Channel = (typeof campaignChannels)[number];
export interface EditedCampaign {
  id: string;
  name: string;
  goal: string;
  channel: Channel;
  startsOn: string | null;
  endsOn: string | null;
  ownerId: string | null;
  status: string;
  include: { segmentId: string; name: string }[];
  exclude: { segmentId: string; name: string }[];
  variants: CampaignVariant[];
  holdoutPercent: number;
  conversionEvent: string;
  conversionWindowDays: number;
}

/** What a number field holds: empty is 0, anything else as typed (NaN and fractions are refused by the validators). */
const asNumber = (text: string) => (text.trim() === "" ? 0 : Number(text));
/** The form's fields: an error about one of them shows on it, any other above the save button. */
const formFields = ["name", "goal", "startsOn", "endsOn", "holdoutPercent", "conversionEvent", "conversionWindowDays"] as const;

const blank = (segmentId: string | null): CampaignVariant => ({ segmentId, subject: "", body: "", cta: "", offer: "" });

/** Plans a campaign: what, when, who (segments in order, exclusions, live audience size), what it says per segment, and how it is measured. */
export function CampaignEditor({ campaign, startSegmentId }: { campaign?: EditedCampaign; startSegmentId?: string }) {
  const ws = useWorkspace();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const segments = useQuery(trpc.segment.list.queryOptions({ workspaceId: ws.id, limit: 100 }));
  const members = useQuery(trpc.member.list.queryOptions({ workspaceId: ws.id }));
  const eventNames = useQuery(trpc.customer.eventNames.queryOptions({ workspaceId: ws.id }, { staleTime: 60_000 }));
  const [name, setName] = useState(campaign?.name ?? "");
  const [goal, setGoal] = useState(campaign?.goal ?? "");
  const [channel, setChannel] = useState<Channel>(campaign?.channel ?? "email");
  const [startsOn, setStartsOn] = useState(campaign?.startsOn ?? "");
  const [endsOn, setEndsOn] = useState(campaign?.endsOn ?? "");
  const [ownerId, setOwnerId] = useState(campaign?.ownerId ?? "");
  const [status, setStatus] = useState<"draft" | "scheduled">(campaign?.status === "scheduled" ? "scheduled" : "draft");
  const [include, setInclude] = useState<string[]>(campaign?.include.map((t) => t.segmentId) ?? (startSegmentId ? [startSegmentId] : []));
  const [exclude, setExclude] = useState<string[]>(campaign?.exclude.map((t) => t.segmentId) ?? []);
  const [variants, setVariants] = useState<CampaignVariant[]>(campaign?.variants ?? []);
  // Numbers are kept as typed: the validators refuse what doesn't fit, and the field says why (no silent clamping).
  const [holdout, setHoldout] = useState(String(campaign?.holdoutPercent ?? 10));
  const [conversionEvent, setConversionEvent] = useState(campaign?.conversionEvent ?? "purchase");
  const [windowDays, setWindowDays] = useState(String(campaign?.conversionWindowDays ?? 14));
  // Debounced as a string: an object would be new on every render and never settle.
  const chosen = JSON.stringify({ include, exclude });
  const debounced = useDebounced(chosen, 300);
  const targets = JSON.parse(debounced) as { include: string[]; exclude: string[] };
  const size = useQuery(trpc.campaign.audienceSize.queryOptions({ workspaceId: ws.id, ...targets }, { placeholderData: keepPreviousData }));
  // Until the count of the targets as chosen now arrives, the number shown is an earlier set's.
  const counting = debounced !== chosen || size.isFetching || size.isPlaceholderData;

  const all = segments.data?.items ?? [];
  const nameOf = (id: string) =>
    all.find((s) => s.id === id)?.name ?? campaign?.include.concat(campaign.exclude).find((t) => t.segmentId === id)?.name ?? "…";
  const free = all.filter((s) => !include.includes(s.id) && !exclude.includes(s.id));
  const variantOf = (segmentId: string | null) => variants.find((v) => v.segmentId === segmentId) ?? blank(segmentId);
  const setVariant = (v: CampaignVariant) => setVariants([...variants.filter((x) => x.segmentId !== v.segmentId), v]);
  const move = (i: number, by: number) => {
    const next = [...include];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x!);
    setInclude(next);
  };

  const saved = () => void queryClient.invalidateQueries({ queryKey: trpc.campaign.pathKey() });
  const create = useMutation(trpc.campaign.create.mutationOptions({ onSuccess: saved }));
  const update = useMutation(trpc.campaign.update.mutationOptions({ onSuccess: saved }));
  const save = useMutation({
    mutationFn: async () => {
      // Only variants someone wrote, for segments still targeted (or the default).
      const written = variants.filter(
        (v) => (v.segmentId === null || include.includes(v.segmentId)) && (v.subject || v.body || v.cta || v.offer),
      );
      const fields = {
        name,
        goal,
        channel,
        startsOn: startsOn || null,
        endsOn: endsOn || null,
        ownerId: ownerId || null,
        status,
        include,
        exclude,
        variants: written,
        holdoutPercent: asNumber(holdout),
        conversionEvent,
        conversionWindowDays: asNumber(windowDays),
      };
      return campaign
        ? update.mutateAsync({ workspaceId: ws.id, campaignId: campaign.id, ...fields })
        : create.mutateAsync({ workspaceId: ws.id, ...fields });
    },
    onSuccess: (c) => {
      toast.success(`Campaign "${c.name}" saved`);
      if (!campaign) router.push(`/w/${ws.slug}/campaigns/${c.id}`);
    },
  });

  return (
    <ViewerLock className="space-y-6" label="Campaign editor">
      <Card>
        <h2 className="text-lg font-semibold">Campaign</h2>
        <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Field label="Name" error={fieldError(save.error, "name")}>
            {(f) => <Input {...f} value={name} onChange={(e) => setName(e.target.value)} placeholder="Spring upgrade" />}
          </Field>
          <Field label="Channel">
            {(f) => (
              <Select {...f} value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
                {campaignChannels.map((c) => (
                  <option key={c} value={c}>
                    {campaignChannelLabels[c]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Owner">
            {(f) => (
              <Select {...f} value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
                <option value="">Nobody yet</option>
                {members.data?.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name || m.email}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="Goal" error={fieldError(save.error, "goal")}>
            {(f) => <Input {...f} value={goal} onChange={(e) => setGoal(e.target.value)} placeholder="Move free users to Pro" />}
          </Field>
          <Field label="Starts" error={fieldError(save.error, "startsOn")}>
            {(f) => <Input {...f} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />}
          </Field>
          <Field label="Ends" error={fieldError(save.error, "endsOn")}>
            {(f) => <Input {...f} type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />}
          </Field>
          <Field label="Status" hint="Scheduled: launches by itself on its start date (UTC) and completes after its end date.">
            {(f) => (
              <Select {...f} value={status} onChange={(e) => setStatus(e.target.value as "draft" | "scheduled")}>
                <option value="draft">Draft</option>
                <option value="scheduled">Scheduled</option>
              </Select>
            )}
          </Field>
        </div>
      </Card>

      <Card>
        <div className="flex items-center justify-between">
          <h2 className="text-lg font-semibold">Audience</h2>
          <p className={`text-sm ${counting ? "text-slate-400" : ""}`} data-testid="audience-size" aria-busy={counting}>
            {counting ? <Spinner className="mr-1 text-slate-400" /> : null}
            {size.data ? <strong>{plural(size.data.size, "customer")}</strong> : null} {size.data ? "targeted, each once" : null}
          </p>
        </div>
        {size.error ? <ErrorMessage>{errorMessage(size.error)}</ErrorMessage> : null}
        <div className="mt-3 grid gap-6 md:grid-cols-2">
          <div>
            <h3 className="text-sm font-semibold text-slate-700">Target these segments</h3>
            <p className="text-xs text-slate-500">Someone in several gets the first one&apos;s message.</p>
            <ol className="mt-2 space-y-1">
              {include.map((id, i) => (
                <li key={id} className="flex items-center gap-1 text-sm">
                  <span className="flex-1">{nameOf(id)}</span>
                  <Button variant="ghost" size="sm" aria-label={`Move ${nameOf(id)} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    <ArrowUp className="h-4 w-4" aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Move ${nameOf(id)} down`}
                    disabled={i === include.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    <ArrowDown className="h-4 w-4" aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Stop targeting ${nameOf(id)}`}
                    onClick={() => setInclude(include.filter((x) => x !== id))}
                  >
                    <Trash2 className="h-4 w-4" aria-hidden />
                  </Button>
                </li>
              ))}
            </ol>
            <AddSegment
              label="Add a target segment"
              prompt="+ Target a segment…"
              segments={free}
              onAdd={(id) => setInclude([...include, id])}
            />
          </div>
          <div>
            <h3 className="text-sm font-semibold text-slate-700">Except members of</h3>
            <ul className="mt-2 space-y-1">
              {exclude.map((id) => (
                <li key={id} className="flex items-center gap-1 text-sm">
                  <span className="flex-1">{nameOf(id)}</span>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Stop excluding ${nameOf(id)}`}
                    onClick={() => setExclude(exclude.filter((x) => x !== id))}
                  >
                    <Trash2 className="h-4 w-4" aria-hidden />
                  </Button>
                </li>
              ))}
            </ul>
            <AddSegment
              label="Add an excluded segment"
              prompt="+ Exclude a segment…"
              segments={free}
              onAdd={(id) => setExclude([...exclude, id])}
            />
          </div>
        </div>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">Messages</h2>
        <p className="text-sm text-slate-500">A variant per targeted segment, with its persona&apos;s messaging hints beside it.</p>
        <div className="mt-3 space-y-4">
          {include.map((id) => (
            <VariantEditor key={id} title={nameOf(id)} variant={variantOf(id)} onChange={setVariant} />
          ))}
          <VariantEditor title="Default" variant={variantOf(null)} onChange={setVariant} />
        </div>
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">Measurement</h2>
        <div className="mt-3 grid gap-4 sm:grid-cols-3">
          <Field
            label="Holdout (%)"
            hint="Chosen at random at launch; they get nothing, for comparison. At most 50."
            error={fieldError(save.error, "holdoutPercent")}
          >
            {(f) => <Input {...f} type="number" min={0} max={50} value={holdout} onChange={(e) => setHoldout(e.target.value)} />}
          </Field>
          <Field label="Conversion event" error={fieldError(save.error, "conversionEvent")}>
            {(f) => (
              <>
                <Input {...f} list="conversion-events" value={conversionEvent} onChange={(e) => setConversionEvent(e.target.value)} />
                <datalist id="conversion-events">
                  {eventNames.data?.map((n) => (
                    <option key={n.name} value={n.name} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field label="Within (days of launch)" error={fieldError(save.error, "conversionWindowDays")}>
            {(f) => <Input {...f} type="number" min={1} max={365} value={windowDays} onChange={(e) => setWindowDays(e.target.value)} />}
          </Field>
        </div>
      </Card>

      {formError(save.error, formFields) ? <ErrorMessage>{formError(save.error, formFields)}</ErrorMessage> : null}
      {ws.can("editor") ? (
        <Button pending={save.isPending} disabled={!name.trim()} onClick={() => save.mutate()}>
          {campaign ? "Save changes" : "Save campaign"}
        </Button>
      ) : null}
    </ViewerLock>
  );
}

/** A picker that adds one of the segments not chosen yet, then resets. */
function AddSegment({
  label,
  prompt,
  segments,
  onAdd,
}: {
  label: string;
  prompt: string;
  segments: { id: string; name: string; memberCount: number }[];
  onAdd: (id: string) => void;
}) {
  return (
    <Select aria-label={label} className="mt-2" value="" onChange={(e) => e.target.value && onAdd(e.target.value)}>
      <option value="">{prompt}</option>
      {segments.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name} ({s.memberCount.toLocaleString()})
        </option>
      ))}
    </Select>
  );
}
