import type { Context, MiddlewareHandler } from "hono";
import { htmlResponse, rejectedPage, safeLink } from "./html-page";

declare module "hono" {
  interface ContextVariableMap {
    /** Set for a plain HTML form's post: every answer is a redirect or a page, never JSON. */
    formPage: boolean | undefined;
  }
}

/** The path a plain HTML form posts to, with its key in the URL. */
export const FORM_PATH = "/v1/capture/form";

/**
 * Marks a browser's form submission, before authentication, so that even a refused key is
 * answered with a page: `POST /v1/capture/form?key=…` with no key header is what a plain
 * `<form method="post">` sends (it cannot set headers). JavaScript callers send the key in a
 * header and keep JSON answers.
 */
export function formPageMode(): MiddlewareHandler {
  return async (c, next) => {
    const plainForm =
      c.req.method === "POST" &&
      c.req.path === FORM_PATH &&
      c.req.query("key") !== undefined &&
      !c.req.header("authorization") &&
      !c.req.header("x-api-key");
    c.set("formPage", plainForm);
    return next();
  };
}

/**
 * Where "back to the form" leads: the key's form page when it names one, else the page the
 * browser says it came from. The key's page first: browsers send only the origin as Referer
 * to another site by default (strict-origin-when-cross-origin), not the form's page.
 */
export function formBackLink(c: Context): string | undefined {
  return safeLink(c.get("principal")?.formUrl, c.req.header("referer"));
}

/** A problem as a readable page for a person at a browser, with the same status. */
export function problemPage(
  c: Context,
  problem: {
    status: number;
    title: string;
    detail?: string | undefined;
    errors?: { path: (string | number)[]; detail: string }[] | undefined;
  },
  headers: Record<string, string>,
): Response {
  const retryAfter = headers["Retry-After"] === undefined ? undefined : Number(headers["Retry-After"]);
  const html = rejectedPage({
    status: problem.status,
    title: problem.title,
    detail: problem.detail,
    errors: problem.errors?.map((e) => ({ field: e.path.join("."), message: e.detail })),
    retryAfterSeconds: retryAfter,
    backUrl: formBackLink(c),
  });
  return htmlResponse(c, problem.status, html, headers);
}
