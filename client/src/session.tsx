import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken, type ApiResponse } from './api';

export type Account = ApiResponse<'/api/auth/me'>['account'];

/** The signed-in account (staff, admin or agent), or null. Consumers never sign in. */
export function useSession() {
  const query = useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        return (await api<ApiResponse<'/api/auth/me'>>('/api/auth/me')).account;
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
    const result = await api<ApiResponse<'/api/auth/login', 'post'>>('/api/auth/login', {
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
