import { EditOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Avatar, Button, Card, Empty, List, Tag } from 'antd';
import groupBy from 'lodash/groupBy';
import { useState } from 'react';
import { Link } from 'react-router';

import { ownerPath } from '@/lib/routes';
import type { DatasetDetail } from '@/types/api';

import { loadDraft } from '../drafts';
import { ownershipLabelOrder } from '../labels';
import { OwnersEditor } from './OwnersEditor';

export function OwnershipTab({ dataset, canEdit }: { dataset: DatasetDetail; canEdit: boolean }) {
  // Owners left with an unsaved draft (a reload, a re-login) reopen the dialog on it.
  const [editing, setEditing] = useState(
    () => canEdit && loadDraft(dataset.urn, 'owners') !== null,
  );
  // Grouped as DataHub shows them: a deprecated type under the one replacing it, a custom
  // type under its own name.
  const byType = groupBy(dataset.owners, (owner) => owner.type_label);
  const types = Object.keys(byType).sort(ownershipLabelOrder);

  return (
    <div className="ownership-tab">
      {dataset.owners.length < 2 && (
        <Alert
          type="warning"
          showIcon
          title="Please add at least 2 owners"
          description="Two owners keep someone answerable for this dataset when one is away."
          action={
            canEdit ? (
              <Button size="small" onClick={() => setEditing(true)}>
                Add owners
              </Button>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
          data-testid="owners-nudge"
        />
      )}
      {canEdit && (
        <div className="tab-toolbar">
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            Edit owners
          </Button>
        </div>
      )}
      {types.length === 0 ? (
        <Empty description="No owners yet." />
      ) : (
        <div className="owner-groups">
          {types.map((type) => (
            <Card key={type} size="small" title={type}>
              <List
                dataSource={byType[type]}
                renderItem={(owner) => (
                  <List.Item
                    extra={<Tag>{owner.source === 'editable' ? 'added in MDT' : 'ingested'}</Tag>}
                  >
                    <List.Item.Meta
                      avatar={
                        <Avatar
                          icon={owner.kind === 'group' ? <TeamOutlined /> : <UserOutlined />}
                        />
                      }
                      title={<Link to={ownerPath(owner)}>{owner.display_name}</Link>}
                      description={owner.owner}
                    />
                  </List.Item>
                )}
              />
            </Card>
          ))}
        </div>
      )}
      {editing && <OwnersEditor dataset={dataset} onClose={() => setEditing(false)} />}
    </div>
  );
}
