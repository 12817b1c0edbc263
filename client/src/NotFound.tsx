import { Link } from 'react-router';
import { FocusHeading } from './components/forms';

export function NotFound() {
  return (
    <>
      <FocusHeading>Page not found</FocusHeading>
      <p>
        There is no page at this address. <Link to="/">Go to the home page</Link>.
      </p>
    </>
  );
}
