/** Route modules. A new group of routes is one file and one line here. */
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { alertIntakeRoutes } from './routes/alertIntake.js';
import { alertReviewRoutes } from './routes/alertReview.js';
import { audiencePageRoutes } from './routes/audiencePages.js';
import { briefingLinkRoutes } from './routes/briefingLink.js';
import { consoleAccountFormRoutes } from './routes/console/accountForms.js';
import { consoleAccountRoutes } from './routes/console/accounts.js';
import { consoleAudienceRoutes } from './routes/console/audiences.js';
import { consoleBriefingRoutes } from './routes/console/briefing.js';
import { consoleComponentFormRoutes } from './routes/console/componentForms.js';
import { consoleComponentRoutes } from './routes/console/components.js';
import { consoleDashboardRoutes } from './routes/console/dashboard.js';
import { consoleDebriefRoutes } from './routes/console/debrief.js';
import { consoleDebriefActionRoutes } from './routes/console/debriefActions.js';
import { consoleDebriefFileRoutes } from './routes/console/debriefFile.js';
import { consoleDebriefTrendsRoutes } from './routes/console/debriefTrends.js';
import { consoleDeclareRoutes } from './routes/console/declare.js';
import { consoleEnquiryRoutes } from './routes/console/enquiries.js';
import { consoleEventRoutes } from './routes/console/events.js';
import { consoleHandoverRoutes } from './routes/console/handover.js';
import { consoleIncidentRoutes } from './routes/console/incident.js';
import { consoleIncidentListRoutes } from './routes/console/incidents.js';
import { consoleIncidentUpdateRoutes } from './routes/console/incidentUpdate.js';
import { consoleMaintenanceRoutes } from './routes/console/maintenance.js';
import { consoleMaintenanceFormRoutes } from './routes/console/maintenanceForms.js';
import { consoleMonitorRoutes } from './routes/console/monitors.js';
import { consoleOutreachRoutes } from './routes/console/outreachBoard.js';
import { consolePeopleRoutes } from './routes/console/people.js';
import { consolePlanRoutes } from './routes/console/plan.js';
import { consolePlanFormRoutes } from './routes/console/planForms.js';
import { consoleSettingsRoutes } from './routes/console/settings.js';
import { consoleSeverityRoutes } from './routes/console/severities.js';
import { consoleSigninRoutes } from './routes/console/signin.js';
import { consoleSlaRoutes } from './routes/console/sla.js';
import { consoleSourceRoutes } from './routes/console/sources.js';
import { consoleSubscriberFormRoutes } from './routes/console/subscriberForms.js';
import { consoleTeamRoutes } from './routes/console/team.js';
import { consoleTeamPeopleRoutes } from './routes/console/teamPeople.js';
import { consoleTemplateRoutes } from './routes/console/templates.js';
import { consoleTokenRoutes } from './routes/console/tokens.js';
import { inboundRoutes } from './routes/inbound.js';
import { metricsRoutes } from './routes/metrics.js';
import { subscribeRoutes } from './routes/subscribe.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { teamAckRoutes } from './routes/teamAck.js';
import { teamHandoverRoutes } from './routes/teamHandover.js';
import { accountRoutes } from './routes/v1/accounts.js';
import { approvalRoutes } from './routes/v1/approvals.js';
import { audienceRoutes } from './routes/v1/audiences.js';
import { auditRoutes } from './routes/v1/audit.js';
import { briefingRoutes } from './routes/v1/briefing.js';
import { componentRoutes } from './routes/v1/components.js';
import { debriefRoutes } from './routes/v1/debrief.js';
import { debriefActionRoutes } from './routes/v1/debriefActions.js';
import { debriefFileRoutes } from './routes/v1/debriefFile.js';
import { declareRoutes } from './routes/v1/declare.js';
import { deliveryRoutes } from './routes/v1/deliveries.js';
import { drillRoutes } from './routes/v1/drills.js';
import { enquiryRoutes } from './routes/v1/enquiries.js';
import { handoverRoutes } from './routes/v1/handovers.js';
import { inboundSourceRoutes } from './routes/v1/inbound.js';
import { incidentRoomRoutes } from './routes/v1/incidentRoom.js';
import { incidentRoutes } from './routes/v1/incidents.js';
import { integrationRoutes } from './routes/v1/integrations.js';
import { maintenanceRoutes } from './routes/v1/maintenances.js';
import { openApiRoutes } from './routes/v1/openapi.js';
import { outreachRoutes } from './routes/v1/outreach.js';
import { pageRoutes } from './routes/v1/page.js';
import { planRoutes } from './routes/v1/plan.js';
import { severityRoutes } from './routes/v1/severities.js';
import { slaRoutes } from './routes/v1/sla.js';
import { socialRoutes } from './routes/v1/social.js';
import { subscriberRoutes } from './routes/v1/subscribers.js';
import { teamRoutes } from './routes/v1/team.js';
import { templateRoutes } from './routes/v1/templates.js';
import { tokenRoutes } from './routes/v1/tokens.js';

export type RouteModule = (server: FastifyInstance, app: App) => void | Promise<void>;

export const httpRegistry: RouteModule[] = [
  componentRoutes,
  incidentRoutes,
  maintenanceRoutes,
  auditRoutes,
  pageRoutes,
  tokenRoutes,
  teamRoutes,
  severityRoutes,
  audienceRoutes,
  planRoutes,
  drillRoutes,
  openApiRoutes,
  debriefRoutes,
  debriefFileRoutes,
  consoleDebriefRoutes,
  consoleDebriefFileRoutes,
  debriefActionRoutes,
  consoleDebriefActionRoutes,
  consoleDebriefTrendsRoutes,
  subscriberRoutes,
  subscribeRoutes,
  subscriptionRoutes,
  deliveryRoutes,
  metricsRoutes,
  declareRoutes,
  templateRoutes,
  approvalRoutes,
  incidentRoomRoutes,
  outreachRoutes,
  teamAckRoutes,
  teamHandoverRoutes,
  consoleSigninRoutes,
  consoleDashboardRoutes,
  consoleDeclareRoutes,
  consoleIncidentRoutes,
  consoleIncidentUpdateRoutes,
  consolePeopleRoutes,
  consoleSubscriberFormRoutes,
  consoleAccountRoutes,
  consolePlanRoutes,
  consolePlanFormRoutes,
  consoleAccountFormRoutes,
  consoleOutreachRoutes,
  consoleEnquiryRoutes,
  consoleAudienceRoutes,
  consoleEventRoutes,
  consoleComponentRoutes,
  consoleComponentFormRoutes,
  consoleMaintenanceRoutes,
  consoleMaintenanceFormRoutes,
  consoleTemplateRoutes,
  consoleTeamRoutes,
  consoleTeamPeopleRoutes,
  consoleSeverityRoutes,
  consoleSettingsRoutes,
  consoleTokenRoutes,
  consoleSourceRoutes,
  consoleMonitorRoutes,
  consoleIncidentListRoutes,
  audiencePageRoutes,
  accountRoutes,
  briefingRoutes,
  briefingLinkRoutes,
  consoleBriefingRoutes,
  consoleHandoverRoutes,
  enquiryRoutes,
  inboundSourceRoutes,
  inboundRoutes,
  socialRoutes,
  handoverRoutes,
  slaRoutes,
  consoleSlaRoutes,
  integrationRoutes,
  alertIntakeRoutes,
  alertReviewRoutes,
];
