/**
 * Engine messages quote file content in backticks (`PostUp`); show those parts as code so the user sees
 * exactly what to look for in their file.
 */
export function MessageText({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd number of backticks means one is literal: show the text as written.
  if (parts.length < 3 || parts.length % 2 === 0) return <>{text}</>;
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <code key={index} className="inline-code">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}
