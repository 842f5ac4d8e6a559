import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no such page in the portal. <Link to="/">Go to the overview.</Link>
      </p>
    </section>
  );
}
