import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from './api';

export interface Account {
  id: number;
  email: string;
  name: string;
  organisation: string | null;
  role: 'staff' | 'admin' | 'agent';
}

/** The signed-in account (staff, admin or agent), or null. Consumers never sign in. */
export function useSession() {
  const query = useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        return (await api<{ account: Account }>('/api/auth/me')).account;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
  return { account: query.data ?? null, loading: query.isPending };
}

export function useLogin() {
  const client = useQueryClient();
  return async (email: string, password: string): Promise<Account> => {
    setCsrfToken(undefined);
    const result = await api<{ account: Account; csrf_token: string }>('/api/auth/login', {
      body: { email, password },
    });
    setCsrfToken(result.csrf_token);
    client.setQueryData(['session'], result.account);
    return result.account;
  };
}

export function useLogout() {
  const client = useQueryClient();
  return async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    setCsrfToken(undefined);
    client.setQueryData(['session'], null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  };
}
