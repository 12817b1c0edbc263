import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { FocusHeading } from '../components/forms';
import { useLogout } from '../session';

export default function Logout() {
  const logout = useLogout();
  const [done, setDone] = useState(false);
  useEffect(() => {
    void logout().then(() => setDone(true));
  }, []);
  return (
    <>
      <FocusHeading>{done ? 'You are signed out' : 'Signing out…'}</FocusHeading>
      {done ? <Link to="/login">Sign in again</Link> : null}
    </>
  );
}
