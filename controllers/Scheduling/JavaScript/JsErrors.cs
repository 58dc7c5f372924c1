using System.Text;
using System.Text.RegularExpressions;
using Jint;
using Jint.Runtime;

namespace Verwalter.Scheduling.JavaScript;

/// <summary>Turns what Jint throws into a <see cref="SchedulerException"/> with its own message per limit and fault.</summary>
internal static class JsErrors
{
    public static T Guard<T>(SchedulerLimits limits, StringBuilder log, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SchedulerException)
        {
            throw;
        }
        catch (MemoryLimitExceededException ex)
        {
            throw new SchedulerException(SchedulerErrorKind.Memory, $"scheduler failed: exceeded the memory limit of {limits.MemoryBytes} bytes ({ex.Message})", log.ToString());
        }
        catch (StatementsCountOverflowException)
        {
            throw new SchedulerException(SchedulerErrorKind.Timeout, $"scheduler failed: exceeded the statement budget of {Math.Min(limits.InstructionBudget, int.MaxValue)} statements", log.ToString());
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new SchedulerException(SchedulerErrorKind.Timeout, $"scheduler failed: a regular expression exceeded its timeout of {ex.MatchTimeout.TotalMilliseconds} ms (pattern /{ex.Pattern}/)", log.ToString());
        }
        catch (TimeoutException)
        {
            throw new SchedulerException(SchedulerErrorKind.Timeout, $"scheduler failed: exceeded the deadline of {limits.Deadline.TotalMilliseconds} ms", log.ToString());
        }
        catch (RecursionDepthOverflowException ex)
        {
            throw new SchedulerException(SchedulerErrorKind.Stack, $"scheduler failed: recursion deeper than {limits.MaxRecursionDepth} calls ({ex.CallChain})", log.ToString());
        }
        catch (JavaScriptException ex)
        {
            var location = ex.Location.SourceFile is { Length: > 0 } file
                ? $"{file}:{ex.Location.Start.Line}:{ex.Location.Start.Column + 1}"
                : null;
            if (ex.InnerException is RegexMatchTimeoutException timeout)
            {
                throw new SchedulerException(SchedulerErrorKind.Timeout, $"scheduler failed: a regular expression exceeded its timeout of {timeout.MatchTimeout.TotalMilliseconds} ms", log.ToString());
            }

            throw new SchedulerException(SchedulerErrorKind.Runtime, $"scheduler failed: {(location is null ? "" : location + ": ")}uncaught {ex.Message}", log.ToString()) { Location = location };
        }
        catch (Acornima.ParseErrorException ex)
        {
            throw new SchedulerException(SchedulerErrorKind.Load, $"syntax error at {ex.LineNumber}:{ex.Column}: {ex.Message}", log.ToString());
        }
        catch (Exception ex) when (ex is JintException or InvalidOperationException or ArgumentException)
        {
            throw new SchedulerException(SchedulerErrorKind.Runtime, $"scheduler failed: {ex.Message}", log.ToString());
        }
    }
}
