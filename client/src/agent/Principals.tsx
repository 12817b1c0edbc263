import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type ApiResponse } from '../api';
import { ActionForm } from '../components/ActionForm';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { RequireRole } from '../components/RequireRole';
import { AuthorizationState } from './AuthorizationState';

type Page = ApiResponse<'/api/agent/principals'>;

function PrincipalsPage() {
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['principals'],
    queryFn: () => api<Page>('/api/agent/principals?limit=100'),
  });
  return (
    <>
      <FocusHeading>Your principals</FocusHeading>
      <p>
        The people you act for. Each needs a valid authorization (a signed permission you upload, or one they confirm by
        email) before requests are filed for them. Many at once? Use the <Link to="/agent/bulk">bulk CSV upload</Link>.
      </p>
      {list.error ? <Problem error={list.error} /> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Authorization</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/agent/principals/${p.id}`}>{p.name}</Link>
                </td>
                <td>{p.email}</td>
                <td>
                  <AuthorizationState state={p.authorization.state} kind={p.authorization.kind} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && !list.data.items.length ? <p>No principals yet.</p> : null}
      <ActionForm
        id="principal"
        title="Add a principal"
        path="/api/agent/principals"
        submitLabel="Add principal"
        onDone={() => void client.invalidateQueries({ queryKey: ['principals'] })}
        fields={[
          { name: 'name', label: 'Full name', required: true },
          { name: 'email', label: 'Email address', required: true },
          { name: 'phone', label: 'Phone number' },
        ]}
      />
    </>
  );
}

export default function Principals() {
  return (
    <RequireRole roles={['agent']}>
      <PrincipalsPage />
    </RequireRole>
  );
}
