import { type APIRequestContext, expect, test } from '@playwright/test';

import type { DatasetDetail as Dataset, DatasetPage } from '../src/types/api';
import type { GlossaryTermDetail, PersonDetail, PipelineDetail } from '../src/types/entities';
import { SCREENSHOTS, datasetUrl, logIn } from './helpers';

/** One login for every lookup (the helpers' `api` logs in per call). */
async function session(request: APIRequestContext) {
  const token = await request.post('/api/v1/auth/token/', {
    data: { username: 'admin', password: 'mdt-demo' },
  });
  const { access } = (await token.json()) as { access: string };
  return async <T>(path: string): Promise<T> => {
    const response = await request.get(`/api/v1${path}`, {
      headers: { Authorization: `Bearer ${access}` },
    });
    expect(response.ok(), `GET ${path}`).toBe(true);
    return (await response.json()) as T;
  };
}

interface Start {
  dataset: Dataset;
  term: GlossaryTermDetail;
  tag: string;
  owner: PersonDetail;
  pipeline: PipelineDetail;
  job: PipelineDetail['jobs'][number];
}

const names = (page: DatasetPage) => page.results.map((item) => item.urn);

/** A dataset of the demo catalog that a pipeline task reads and that has a glossary term with a
 * definition, a tag and a person among its owners, where the first page of the tag's and the
 * person's datasets lists it. Found through the API so the test does not depend on the demo
 * generator's names. */
async function findStart(request: APIRequestContext): Promise<Start> {
  const get = await session(request);
  const pipelines = await get<{ results: { urn: string }[] }>('/pipelines/?limit=100');
  for (const { urn } of pipelines.results) {
    const pipeline = await get<PipelineDetail>(`/pipelines/${encodeURIComponent(urn)}/`);
    for (const job of pipeline.jobs) {
      for (const input of job.inputs) {
        if (input.status !== 'active') continue;
        const dataset = await get<Dataset>(`/datasets/${encodeURIComponent(input.urn)}/`);
        const user = dataset.owners.find((owner) => owner.kind === 'user');
        if (!dataset.glossary_terms.length || !dataset.tags.length || !user) continue;
        const term = await get<GlossaryTermDetail>(
          `/glossary-terms/${encodeURIComponent(dataset.glossary_terms[0]!.name)}/`,
        );
        if (!term.description) continue;
        let tag: string | undefined;
        for (const { name } of dataset.tags) {
          const listed = await get<DatasetPage>(
            `/datasets/?tag=${encodeURIComponent(name)}&ordering=name&limit=20`,
          );
          if (names(listed).includes(dataset.urn)) {
            tag = name;
            break;
          }
        }
        if (!tag) continue;
        const owner = await get<PersonDetail>(`/people/${encodeURIComponent(user.name)}/`);
        const owners = [owner.urn, ...owner.groups.map((group) => group.urn)].join(',');
        const owned = await get<DatasetPage>(
          `/datasets/?owner=${encodeURIComponent(owners)}&ordering=name&limit=20`,
        );
        if (!names(owned).includes(dataset.urn)) continue;
        return { dataset, term, tag, owner, pipeline, job };
      }
    }
  }
  throw new Error(
    'The demo catalog has no dataset read by a pipeline task with a defined glossary term, a tag ' +
      'and a person owner.',
  );
}

let start: Start;
test.beforeAll(async ({ request }) => {
  start = await findStart(request);
});

test('from a dataset, reach its term, tag, owner and pipeline by clicking', async ({ page }) => {
  test.setTimeout(240_000);
  const { dataset, term, tag, owner, pipeline, job } = start;
  const title = dataset.display_name || dataset.name;
  // By address: the demo has datasets of the same name in other environments.
  const linkTo = `a[href="${datasetUrl(dataset.urn)}"]`;
  const toDataset = async () => {
    await page.goto(datasetUrl(dataset.urn));
    await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
  };
  await logIn(page);
  await toDataset();
  const header = page.locator('.dataset-header');

  // The glossary term: its definition, and where it sits in the glossary.
  await header
    .locator('.tag-list')
    .getByRole('link', { name: term.name, exact: false })
    .first()
    .click();
  await expect(page).toHaveURL(
    (url) => url.pathname === `/glossary/${encodeURIComponent(term.name)}`,
  );
  await expect(
    page.getByRole('heading', { name: term.display_name || term.name, exact: true }),
  ).toBeVisible();
  await expect(page.locator('.entity-description')).toContainText(term.description.slice(0, 60));
  await expect(page.locator('.page-breadcrumb')).toContainText('Glossary');
  await expect(page.getByTestId('entity-datasets')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/entities-01-term.png`, fullPage: true });

  // The tag: the dataset is among those carrying it.
  await page.goBack();
  await header.locator('.tag-list').getByRole('link', { name: tag, exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === `/tag/${encodeURIComponent(tag)}`);
  await expect(page.getByRole('heading', { name: tag, exact: true })).toBeVisible();
  await expect(page.getByTestId('entity-datasets').locator(linkTo)).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/entities-02-tag.png`, fullPage: true });

  // An owner from the Ownership tab: the person's page lists the dataset among theirs.
  await page.goBack();
  await page.getByRole('tab', { name: /^Ownership/ }).click();
  await page
    .locator('.ownership-tab')
    .getByRole('link', { name: owner.display_name || owner.username, exact: true })
    .first()
    .click();
  await expect(page).toHaveURL(
    (url) => url.pathname === `/person/${encodeURIComponent(owner.username)}`,
  );
  await expect(
    page.getByRole('heading', { name: owner.display_name || owner.username, exact: true }),
  ).toBeVisible();
  await expect(page.getByTestId('entity-datasets').locator(linkTo)).toBeVisible();
  for (const group of owner.groups) {
    await expect(
      page.getByRole('region', { name: 'Groups' }).getByRole('link', {
        name: group.display_name || group.name,
        exact: true,
      }),
    ).toBeVisible();
  }
  await page.screenshot({ path: `${SCREENSHOTS}/entities-03-person.png`, fullPage: true });

  // The pipeline of a task reading the dataset: the task, and the dataset among its inputs.
  await toDataset();
  const reader = page
    .getByTestId('dataset-usage')
    .locator('.job-link')
    .filter({ hasText: job.name });
  if (await reader.count()) {
    await reader.first().getByRole('link', { name: pipeline.name, exact: true }).click();
  } else {
    // More readers than the header shows: the full list is in Properties.
    await page.getByRole('tab', { name: /^Properties/ }).click();
    await page
      .locator('.properties-tab .job-link')
      .filter({ hasText: job.name })
      .first()
      .getByRole('link', { name: pipeline.name, exact: true })
      .click();
  }
  await expect(page).toHaveURL(
    (url) => url.pathname === `/pipeline/${encodeURIComponent(pipeline.urn)}`,
  );
  await expect(page.getByRole('heading', { name: pipeline.name, exact: true })).toBeVisible();
  const row = page.getByTestId('pipeline-jobs').getByRole('row').filter({ hasText: job.name });
  await expect(row.getByRole('link', { name: job.name, exact: true })).toBeVisible();
  await expect(row.locator(linkTo)).toHaveText(title);
  await page.screenshot({ path: `${SCREENSHOTS}/entities-04-pipeline.png`, fullPage: true });

  // And back to the dataset from the pipeline's task row.
  await row.locator(linkTo).first().click();
  await expect(page).toHaveURL((url) => url.pathname === datasetUrl(dataset.urn));
});
