export function meta() {
  return [{ title: "React Router app" }];
}

export default function Home() {
  return (
    <main>
      <h1>React Router app</h1>
      <p>Edit app/routes/home.tsx to start.</p>
    </main>
  );
}
