import { Button, Form, Modal, Select } from 'antd';
import { useState } from 'react';

import { RemoteSelect } from '@/components/RemoteSelect';
import type { LineageType } from '@/types/api';

import { findDatasets } from '../api/find-datasets';

const TYPES: LineageType[] = ['TRANSFORMED', 'COPY', 'VIEW'];

interface Props {
  name: string;
  saving: boolean;
  onAdd: (upstream: string, type: LineageType) => Promise<boolean>;
}

/** "Add upstream": an editor picks a dataset by name and the kind of edge. */
export function AddUpstream({ name, saving, onAdd }: Props) {
  const [open, setOpen] = useState(false);
  const [upstream, setUpstream] = useState<string | undefined>();
  const [type, setType] = useState<LineageType>('TRANSFORMED');
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        Add upstream
      </Button>
      <Modal
        title={`Add an upstream of ${name}`}
        open={open}
        okText="Add"
        okButtonProps={{ disabled: !upstream, loading: saving }}
        onCancel={() => setOpen(false)}
        onOk={() => {
          if (!upstream) return;
          void onAdd(upstream, type).then((done) => {
            if (done) {
              setOpen(false);
              setUpstream(undefined);
            }
          });
        }}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label="Upstream dataset" htmlFor="add-upstream-dataset">
            <RemoteSelect
              id="add-upstream-dataset"
              aria-label="Upstream dataset"
              placeholder="Search datasets by name"
              value={upstream}
              onChange={(value) => setUpstream(value as string)}
              fetchChoices={findDatasets}
            />
          </Form.Item>
          <Form.Item label="Type">
            <Select
              aria-label="Edge type"
              value={type}
              onChange={setType}
              options={TYPES.map((value) => ({ value, label: value }))}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
