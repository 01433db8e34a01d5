import { ExportOutlined } from '@ant-design/icons';
import { Button } from 'antd';

import { externalUrl } from '@/lib/external-url';

/** A button that opens a source's own page (DataHub's "View in …"), when its URL is http(s). */
export function ExternalLink({ url, label }: { url: string | null | undefined; label: string }) {
  const href = externalUrl(url);
  if (!href) return null;
  return (
    <Button href={href} target="_blank" rel="noreferrer noopener" icon={<ExportOutlined />}>
      {label}
    </Button>
  );
}
