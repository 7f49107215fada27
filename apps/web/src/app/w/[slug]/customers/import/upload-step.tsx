"use client";
import { UploadCloud } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button, Card, ErrorMessage, PageHeader } from "@facet/ui";
import { useWorkspace } from "~/components/workspace-context";

const maxBytes = 512 * 1024 * 1024;

/** Step 1: choose a CSV file; it uploads with a progress bar, then the mapping step opens. */
export function UploadStep({ initialKind }: { initialKind: "customers" | "events" }) {
  const ws = useWorkspace();
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [kind, setKind] = useState<"customers" | "events">(initialKind);

  const send = (file: File) => {
    setError(null);
    if (file.size > maxBytes) return setError("The file is larger than 512 MB. Split it and import the parts.");
    if (file.size === 0) return setError("The file is empty.");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/w/${ws.id}/imports?kind=${kind}&fileName=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || "{}") as { jobId?: string; error?: { message: string } };
      if (xhr.status === 201 && body.jobId) router.push(`/w/${ws.slug}/customers/import/${body.jobId}`);
      else {
        setProgress(null);
        setError(body.error?.message ?? "The upload failed. Try again.");
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setError("The upload was interrupted. Check your connection and try again.");
    };
    setProgress(0);
    xhr.send(file);
  };

  return (
    <>
      <Link href={`/w/${ws.slug}/customers`} className="text-sm text-indigo-600 hover:underline">
        ← Customers
      </Link>
      <PageHeader
        title={kind === "events" ? "Import events" : "Import customers"}
        description="Step 1 of 3: choose a CSV file. Next you map its columns, then check it before anything is written."
      />
      <Card className="max-w-2xl">
        <fieldset className="mb-4">
          <legend className="text-sm font-medium text-slate-700">What does the file hold?</legend>
          <div className="mt-2 flex flex-wrap gap-4 text-sm">
            {(
              [
                ["customers", "Customers and their attributes"],
                ["events", "Events: purchases, orders, activity"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="inline-flex items-center gap-2">
                <input
                  type="radio"
                  name="kind"
                  value={value}
                  checked={kind === value}
                  disabled={progress !== null}
                  onChange={() => setKind(value)}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            const file = e.dataTransfer.files[0];
            if (file) send(file);
          }}
          className={`flex flex-col items-center rounded-lg border-2 border-dashed px-6 py-12 text-center ${dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300"}`}
        >
          <UploadCloud className="h-10 w-10 text-slate-400" aria-hidden />
          <p className="mt-3 text-sm text-slate-700">Drop a CSV file here, or</p>
          <Button className="mt-3" onClick={() => input.current?.click()} disabled={progress !== null}>
            Choose a file
          </Button>
          <input
            ref={input}
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            className="sr-only"
            aria-label="CSV file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) send(file);
            }}
          />
          <p className="mt-4 text-xs text-slate-500">
            Comma, semicolon or tab separated; UTF-8 (with or without BOM) or Windows-1252; up to 512 MB. The first row must name the
            columns.
          </p>
        </div>
        {progress !== null ? (
          <div className="mt-4">
            <div className="flex justify-between text-sm text-slate-600">
              <span>Uploading…</span>
              <span>{Math.round(progress * 100)}%</span>
            </div>
            <div
              className="mt-1 h-2 rounded bg-slate-100"
              role="progressbar"
              aria-valuenow={Math.round(progress * 100)}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-label="Upload progress"
            >
              <div className="h-2 rounded bg-indigo-600 transition-all" style={{ width: `${progress * 100}%` }} />
            </div>
          </div>
        ) : null}
        {error ? (
          <div className="mt-4">
            <ErrorMessage>{error}</ErrorMessage>
          </div>
        ) : null}
      </Card>
    </>
  );
}
