import { Link } from 'react-router';
import { CONSUMER_CHOICES } from './data';

export function Home() {
  return (
    <>
      <h1>Take back control of your personal data</h1>
      <p className="lead">
        Ask companies what they know about you, have it deleted or corrected, or make them stop selling it. We write the
        letter the law requires, send it to the right address and keep track of every deadline.
      </p>
      <div className="actions">
        <Link className="button" to="/file">
          Start a request
        </Link>
        <Link className="button secondary" to="/login">
          Sign in (agents and staff)
        </Link>
      </div>
      <h2>How it works</h2>
      <ol>
        <li>Choose the companies and what you want from them.</li>
        <li>Tell us where you live: that decides which law applies and how long they have to answer.</li>
        <li>Read the letter each company will receive, then confirm your email address.</li>
        <li>Follow each request on its status page; we tell you when a company answers or is late.</li>
      </ol>
      <h2>What you can ask for</h2>
      <dl className="facts">
        {CONSUMER_CHOICES.slice(0, 5).map((c) => (
          <div key={c.code} style={{ display: 'contents' }}>
            <dt>{c.title}</dt>
            <dd>{c.explain}</dd>
          </div>
        ))}
      </dl>
      <p>
        Helping others? Authorized agents can <Link to="/agent/signup">create an account</Link> to file for the people
        they represent.
      </p>
    </>
  );
}
