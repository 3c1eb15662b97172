import {
  appointmentInputSchema,
  closeAppointmentInputSchema,
  followUpInputSchema,
  rescheduleInputSchema,
} from "@rebound/core/handoff";
import { leadSchema } from "@rebound/core/lead";
import {
  closeAppointment,
  logFollowUp,
  rescheduleAppointment,
  scheduleAppointment,
} from "@rebound/core/usecases";
import * as z from "@rebound/core/zod";
import { type ApiDeps, leadDeps } from "../deps";
import { leadActionRoute } from "../http/lead-action";
import { leadIdSchema, ulidParam } from "../http/params";

const appointmentParams = z.object({ id: leadIdSchema, appointmentId: ulidParam("an appointment id") });

/** Follow-ups and appointments: what the rep did with the lead, on its timeline. */
export function activityRoutes(deps: ApiDeps) {
  const services = leadDeps(deps);
  return [
    leadActionRoute({
      path: "/v1/leads/{id}/follow-ups",
      operationId: "logFollowUp",
      summary: "Log a follow-up (call, email, meeting…) on an open lead",
      description:
        "On a lead with sales (handed off or accepted), only its rep or an admin logs. `at` defaults to now and is never in the future.",
      tags: ["activities"],
      scopes: ["sales", "automation"],
      body: followUpInputSchema,
      status: 201,
      run: async ({ params, body, acting, ifMatch }) => ({
        lead: await logFollowUp(services, params.id!, body, acting, ifMatch),
      }),
    }),
    leadActionRoute({
      path: "/v1/leads/{id}/appointments",
      operationId: "scheduleAppointment",
      summary: "Schedule an appointment on an accepted lead",
      tags: ["activities"],
      scopes: ["sales"],
      body: appointmentInputSchema,
      status: 201,
      responses: {
        201: {
          description: "The lead with the new appointment",
          schema: leadSchema,
          headers: { ETag: "New version of the lead", "Appointment-Id": "Id of the new appointment" },
        },
      },
      run: async ({ params, body, acting, ifMatch }) => {
        const { lead, appointmentId } = await scheduleAppointment(
          services,
          params.id!,
          body,
          acting,
          ifMatch,
        );
        return { lead, headers: { "Appointment-Id": appointmentId } };
      },
    }),
    leadActionRoute({
      path: "/v1/leads/{id}/appointments/{appointmentId}/reschedule",
      operationId: "rescheduleAppointment",
      summary: "Move a scheduled appointment to a new time",
      tags: ["activities"],
      scopes: ["sales"],
      params: appointmentParams,
      body: rescheduleInputSchema,
      run: async ({ params, body, acting, ifMatch }) => ({
        lead: await rescheduleAppointment(services, params.id!, params.appointmentId!, body, acting, ifMatch),
      }),
    }),
    leadActionRoute({
      path: "/v1/leads/{id}/appointments/{appointmentId}/close",
      operationId: "closeAppointment",
      summary: "Record how an appointment ended: held, prospect_no_show or missed_by_rep",
      description: "Only once its time has come; a closed appointment cannot be closed again (409).",
      tags: ["activities"],
      scopes: ["sales"],
      params: appointmentParams,
      body: closeAppointmentInputSchema,
      run: async ({ params, body, acting, ifMatch }) => ({
        lead: await closeAppointment(services, params.id!, params.appointmentId!, body, acting, ifMatch),
      }),
    }),
  ];
}
