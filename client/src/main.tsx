import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import './i18n';
import { Layout } from './components/Layout';
import { FileRequest } from './consumer/FileRequest';
import { Home } from './consumer/Home';
import { FindRequests, SignIn } from './consumer/FindRequests';
import { MyRequests, RequestByReference, SubmissionStatus } from './consumer/Status';
import { Verify } from './consumer/Verify';
import { NotFound } from './NotFound';
import './styles.css';

// Staff and agent screens are separate chunks: a consumer never downloads them.
const Login = lazy(() => import('./account/Login'));
const Logout = lazy(() => import('./account/Logout'));
const SetPassword = lazy(() => import('./account/SetPassword'));
const StaffQueue = lazy(() => import('./staff/Queue'));
const StaffRequest = lazy(() => import('./staff/RequestDetail'));
const StaffDashboard = lazy(() => import('./staff/Dashboard'));
const StaffRegistry = lazy(() => import('./staff/Registry'));
const StaffMail = lazy(() => import('./staff/CapturedMail'));
const StaffAddCompany = lazy(() => import('./staff/AddCompany').then((m) => ({ default: m.AddCompanyPage })));
const StaffIntake = lazy(() => import('./staff/AddCompany').then((m) => ({ default: m.IntakeReviewPage })));
const StaffPolicyChanges = lazy(() => import('./staff/AddCompany').then((m) => ({ default: m.PolicyChangesPage })));
const StaffUnmatched = lazy(() => import('./staff/UnmatchedMail'));
const StaffReplies = lazy(() => import('./staff/ReplyProposals'));
const Company = lazy(() => import('./consumer/Company'));
const AgentSignup = lazy(() => import('./agent/Signup'));
const AgentVerify = lazy(() => import('./agent/VerifyEmail'));
const AgentHome = lazy(() => import('./agent/Principals'));
const AgentPrincipal = lazy(() => import('./agent/Principal'));
const AgentRequests = lazy(() => import('./agent/Requests'));
const AgentRequest = lazy(() => import('./agent/RequestDetail'));
const AgentBulk = lazy(() => import('./agent/BulkUpload'));
const Authorize = lazy(() => import('./agent/Authorize'));

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <Home /> },
      { path: '/file', element: <FileRequest /> },
      { path: '/verify/:token', element: <Verify /> },
      { path: '/submissions/:id', element: <SubmissionStatus /> },
      { path: '/requests/:reference/*', element: <RequestByReference /> },
      { path: '/companies/:slug', element: <Company /> },
      { path: '/find', element: <FindRequests /> },
      { path: '/sign-in/:token', element: <SignIn /> },
      { path: '/my-requests', element: <MyRequests /> },
      { path: '/login', element: <Login /> },
      { path: '/logout', element: <Logout /> },
      { path: '/password/:token', element: <SetPassword /> },
      { path: '/staff/password/:token', element: <SetPassword /> },
      { path: '/staff', element: <StaffQueue /> },
      { path: '/staff/requests/:id', element: <StaffRequest /> },
      { path: '/staff/dashboard', element: <StaffDashboard /> },
      { path: '/staff/registry', element: <StaffRegistry /> },
      { path: '/staff/registry/:slug', element: <StaffRegistry /> },
      { path: '/staff/registry/add', element: <StaffAddCompany /> },
      { path: '/staff/registry/intakes/:id', element: <StaffIntake /> },
      { path: '/staff/registry/:slug/changes', element: <StaffPolicyChanges /> },
      { path: '/staff/mail', element: <StaffMail /> },
      { path: '/staff/mail/unmatched', element: <StaffUnmatched /> },
      { path: '/staff/replies', element: <StaffReplies /> },
      { path: '/agent/signup', element: <AgentSignup /> },
      { path: '/agent/verify-email/:token', element: <AgentVerify /> },
      { path: '/agent/verify/:token', element: <AgentVerify /> },
      { path: '/agent', element: <AgentHome /> },
      { path: '/agent/principals/:id', element: <AgentPrincipal /> },
      { path: '/agent/requests', element: <AgentRequests /> },
      { path: '/agent/requests/:id', element: <AgentRequest /> },
      { path: '/agent/bulk', element: <AgentBulk /> },
      { path: '/authorize/:token/*', element: <Authorize /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <RouterProvider router={router} />
  </QueryClientProvider>,
);
