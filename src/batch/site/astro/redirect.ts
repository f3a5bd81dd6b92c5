// Old addresses ending in `.__EXTENSION__` lead to the new address of their page.
import { redirectPage, redirects } from '../site';

const ENDING = '.__EXTENSION__';

export async function getStaticPaths() {
  return (await redirects())
    .filter(({ from }) => from.endsWith(ENDING))
    .map(({ from, to }) => ({ params: { path: from.slice(0, -ENDING.length) }, props: { to } }));
}

export function GET({ props }: { props: { to: string } }) {
  return new Response(redirectPage(props.to), {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  });
}
