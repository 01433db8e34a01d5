import { describe, expect, it } from 'vitest';

import {
  chartPath,
  containerPath,
  dashboardPath,
  datasetFieldPath,
  datasetPath,
  domainPath,
  entityPath,
  entityRefPath,
  glossaryNodePath,
  glossaryPath,
  groupPath,
  jobPath,
  ownerPath,
  personPath,
  pipelinePath,
  tagPath,
  termPath,
} from './routes';

const FLOW = 'urn:li:dataFlow:(airflow,daily_orders,prod)';
const JOB = 'urn:li:dataJob:(urn:li:dataFlow:(airflow,daily_orders,prod),load/orders)';
const CONTAINER = 'urn:li:container:9f2c1e7a';
const DASHBOARD = 'urn:li:dashboard:(looker,dashboards.17)';
const CHART = 'urn:li:chart:(looker,look/42)';

describe('entity routes', () => {
  it('builds one path per page, every key percent-encoded', () => {
    expect(tagPath('PII')).toBe('/tag/PII');
    expect(tagPath('legal/hold #1')).toBe('/tag/legal%2Fhold%20%231');
    expect(termPath('Customer.Email Address')).toBe('/glossary/Customer.Email%20Address');
    expect(glossaryPath()).toBe('/glossary');
    expect(glossaryNodePath('Finance/Revenue')).toBe('/glossary-node/Finance%2FRevenue');
    expect(personPath('a.berger@corp')).toBe('/person/a.berger%40corp');
    expect(groupPath('data-platform')).toBe('/group/data-platform');
    expect(domainPath('marketing')).toBe('/domain/marketing');
    expect(containerPath(CONTAINER)).toBe('/container/urn%3Ali%3Acontainer%3A9f2c1e7a');
    expect(pipelinePath(FLOW)).toBe(`/pipeline/${encodeURIComponent(FLOW)}`);
    // A task's URN holds its flow's URN and a slash: one path segment all the same.
    expect(jobPath(JOB).split('/')).toHaveLength(3);
    expect(decodeURIComponent(jobPath(JOB).slice('/job/'.length))).toBe(JOB);
    expect(dashboardPath(DASHBOARD)).toBe(`/dashboard/${encodeURIComponent(DASHBOARD)}`);
    expect(chartPath(CHART)).toBe(`/chart/${encodeURIComponent(CHART)}`);
  });

  it('links a field to its dataset schema tab, filtered to its path', () => {
    const urn = 'urn:li:dataset:(urn:li:dataPlatform:hive,db.orders,PROD)';
    const path = datasetFieldPath(urn, 'customer.email address');
    expect(path).toBe(`${datasetPath(urn, 'schema')}?field=customer.email+address`);
    expect(new URLSearchParams(path.split('?')[1]).get('field')).toBe('customer.email address');
  });

  it('routes a search hit by its type and url_key, and refuses a type it does not know', () => {
    expect(entityPath('tag', 'PII')).toBe('/tag/PII');
    expect(entityPath('glossaryTerm', 'Email')).toBe('/glossary/Email');
    expect(entityPath('glossaryNode', 'Finance')).toBe('/glossary-node/Finance');
    expect(entityPath('corpuser', 'aberger')).toBe('/person/aberger');
    expect(entityPath('corpGroup', 'analysts')).toBe('/group/analysts');
    expect(entityPath('domain', 'sales')).toBe('/domain/sales');
    expect(entityPath('container', CONTAINER)).toBe(containerPath(CONTAINER));
    expect(entityPath('dataFlow', FLOW)).toBe(pipelinePath(FLOW));
    expect(entityPath('dataJob', JOB)).toBe(jobPath(JOB));
    expect(entityPath('dashboard', DASHBOARD)).toBe(dashboardPath(DASHBOARD));
    expect(entityPath('chart', CHART)).toBe(chartPath(CHART));
    expect(entityPath('dataset', 'urn:li:dataset:x')).toBe(datasetPath('urn:li:dataset:x'));
    expect(entityPath('mlModel', 'urn:li:mlModel:x')).toBeNull();
  });

  it('routes an entity reference by its url_key: a name, or else the URN', () => {
    expect(entityRefPath({ type: 'corpuser', url_key: 'ann' })).toBe('/person/ann');
    expect(entityRefPath({ type: 'dataFlow', url_key: FLOW })).toBe(pipelinePath(FLOW));
  });

  it("sends an owner to a person's or a group's page", () => {
    expect(ownerPath({ kind: 'user', name: 'ann' })).toBe('/person/ann');
    expect(ownerPath({ kind: 'group', name: 'analysts' })).toBe('/group/analysts');
  });
});
