import { normalizeEmail } from "./email";
import { addSourceKey, displayName, type Lead, sourceKey } from "./lead";
import { type CaptureInput, contactFieldNames, type Source } from "./schema";

function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== "")) as T;
}

function defaultSource(input: CaptureInput): Source {
  return input.source ?? { type: "api" };
}

/** A brand-new lead from its first capture (pure: id and time come from the caller). */
export function newLead(input: CaptureInput, id: string, at: string): Lead {
  const source = defaultSource(input);
  const contact = withoutEmpty({
    name: displayName(input),
    firstName: input.firstName,
    lastName: input.lastName,
    company: input.company,
    title: input.title,
    phone: input.phone,
    country: input.country?.toUpperCase(),
  });
  return {
    id,
    email: normalizeEmail(input.email),
    ...contact,
    ...(input.consent ? { consent: { ...input.consent, updatedAt: at } } : {}),
    status: "captured",
    origin: { ...source, at },
    lastSource: { ...source, at },
    touchCount: 1,
    sourceKeys: [sourceKey(source)],
    signals: { ...input.signals },
    custom: { ...input.custom },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

export interface TouchResult {
  lead: Lead;
  /** Contact fields this touch filled in (they were empty before). */
  filled: string[];
  /** Signal fields whose value changed. */
  signalsChanged: string[];
  consentChanged: boolean;
}

/**
 * A repeat capture of a known email. Contact fields only fill blanks: a webinar export's
 * truncated company name must not overwrite what a rep typed. Signals and consent are
 * newest-wins: they describe the person now, and consent must always honour the latest word.
 *
 * `addsOnly` (a capture by a key that may only add: a public form's, a rep's) fills blanks
 * everywhere and changes nothing already there: signals and custom fields only where unset,
 * consent only granted, never withdrawn. Anyone can post any email through a public key, so
 * such a touch must not be able to rewrite what is known about that person.
 */
export function touchLead(
  lead: Lead,
  input: CaptureInput,
  at: string,
  { addsOnly = false }: { addsOnly?: boolean } = {},
): TouchResult {
  const source = defaultSource(input);
  const next: Lead = {
    ...lead,
    lastSource: { ...source, at },
    touchCount: lead.touchCount + 1,
    sourceKeys: addSourceKey(lead.sourceKeys, sourceKey(source)),
    updatedAt: at,
    version: lead.version + 1,
  };
  const filled: string[] = [];
  const offered = withoutEmpty({ ...input, name: displayName(input), country: input.country?.toUpperCase() });
  for (const key of contactFieldNames) {
    const value = offered[key];
    if (value !== undefined && !lead[key]) {
      next[key] = value;
      filled.push(key);
    }
  }
  const offeredSignals = withoutEmpty(input.signals ?? {}) as Lead["signals"];
  const takenSignals = addsOnly
    ? (Object.fromEntries(
        Object.entries(offeredSignals).filter(
          ([key]) => lead.signals[key as keyof Lead["signals"]] === undefined,
        ),
      ) as Lead["signals"])
    : offeredSignals;
  const signalsChanged = Object.entries(takenSignals)
    .filter(([key, value]) => lead.signals[key as keyof Lead["signals"]] !== value)
    .map(([key]) => key);
  next.signals = { ...lead.signals, ...takenSignals };
  if (input.custom)
    next.custom = addsOnly ? { ...input.custom, ...lead.custom } : { ...lead.custom, ...input.custom };
  const offeredConsent = input.consent?.marketing;
  const consentChanged =
    offeredConsent !== undefined &&
    offeredConsent !== lead.consent?.marketing &&
    (!addsOnly || offeredConsent === true);
  if (consentChanged && input.consent) next.consent = { ...input.consent, updatedAt: at };
  return { lead: next, filled, signalsChanged, consentChanged };
}
