import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { useDispatch, useSelector } from 'react-redux';
import { useNavigate, useSearchParams } from 'react-router';

import type { Credentials } from '../api/login';
import { logIn, selectAuth } from '../auth-slice';
import { safeNextPath } from '../next-path';
import { ApiUnreachable } from './ApiUnreachable';
import type { AuthDispatch } from '../types';

export function LoginPage() {
  const dispatch = useDispatch<AuthDispatch>();
  const { status, loggingIn, error } = useSelector(selectAuth);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const target = safeNextPath(params.get('next'));

  useEffect(() => {
    if (status === 'authenticated') void navigate(target, { replace: true });
  }, [status, navigate, target]);

  const onFinish = (values: Credentials) => {
    void dispatch(logIn(values));
  };

  if (status === 'unreachable') return <ApiUnreachable />;

  return (
    <div className="login-page">
      <Card className="login-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          Metadata Discovery Tool
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          Log in to find, read and curate datasets.
        </Typography.Paragraph>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            label="Username"
            name="username"
            rules={[{ required: true, message: 'Enter your username.' }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label="Password"
            name="password"
            rules={[{ required: true, message: 'Enter your password.' }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={loggingIn}>
            Log in
          </Button>
        </Form>
      </Card>
    </div>
  );
}
