import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedResponse {
  @ApiProperty({ description: 'Private iCalendar feed of my offerings (taught or attended); anyone with it can read it, so rotate it to revoke', example: 'https://academy.example.org/api/v1/calendar/…' })
  url: string;
}
